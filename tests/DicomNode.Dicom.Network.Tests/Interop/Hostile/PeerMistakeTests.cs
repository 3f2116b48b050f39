using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>Peers that break smaller rules of PS3.5, PS3.7 and PS3.8 on the live SCP.</summary>
public sealed class PeerMistakeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EchoCarryingADataSet_GetsExactlyOneResponse()
    {
        await using var scp = HostileServer.Start();
        var echo = DimseCommand.CEchoRequest(7);
        echo.Dataset.SetUInt16(DicomTags.CommandDataSetType, DimseCommand.DataSetPresent);
        var bytes = PduWriter.Encode(WirePdus.EchoRequest())
            .Concat(PduWriter.Encode(new DataTransferPdu(new[] { new PresentationDataValue(1, true, true, echo.Encode()) })))
            .Concat(PduWriter.Encode(new DataTransferPdu(new[] { new PresentationDataValue(1, false, true, new byte[] { 0x08, 0x00, 0x60, 0x00, 2, 0, 0, 0, (byte)'M', (byte)'R' }) })))
            .Concat(PduWriter.Encode(new ReleaseRequestPdu()))
            .ToArray();
        using var raw = await RawPeer.ConnectAsync(scp.Port);

        await raw.SendAsync(bytes);
        raw.ShutdownSend();
        var answer = await raw.ReadUntilClosedAsync(Bound);

        var pdus = WirePdus.Split(answer.Bytes);
        var response = Assert.Single(pdus.OfType<DataTransferPdu>());
        var command = DimseCommand.Decode(Assert.Single(response.Values).Fragment);
        Assert.Equal(CommandField.CEchoResponse, command.CommandField);
        Assert.Equal(7, command.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.Success, command.Status);
        Assert.IsType<ReleaseResponsePdu>(pdus[^1]);
    }

    [Fact]
    public async Task CallingAeWithLineBreaks_IsRejected_AndTheAuditRecordHoldsNoControlCharacter()
    {
        await using var scp = HostileServer.Start();
        using var raw = await RawPeer.ConnectAsync(scp.Port);

        await raw.SendAsync(PduWriter.Encode(WirePdus.EchoRequest() with { CallingAeTitle = "EVIL\r\n2025 [INF]" }));
        raw.ShutdownSend();
        var answer = await raw.ReadUntilClosedAsync(Bound);

        Assert.IsType<AssociateRejectPdu>(Assert.Single(WirePdus.Split(answer.Bytes)));
        var record = await WaitForRecordAsync(scp);
        Assert.Equal("EVIL\\x0D\\x0A2025 [INF]", record.CallingAeTitle);
        Assert.DoesNotContain(record.Decision, c => c < 0x20);
        Assert.DoesNotContain(record.Outcome, c => c < 0x20);
    }

    [Fact]
    public async Task PeerAnnouncingATinyMaximumPduLength_IsRejected_NeverSentAnOversizedPdu()
    {
        await using var scp = HostileServer.Start();
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        var request = WirePdus.EchoRequest() with { UserInformation = new UserInformation { MaximumLength = 16 } };

        await raw.SendAsync(PduWriter.Encode(request).Concat(WirePdus.EchoCommand()).ToArray());
        raw.ShutdownSend();
        var answer = await raw.ReadUntilClosedAsync(Bound);

        var reject = Assert.IsType<AssociateRejectPdu>(Assert.Single(WirePdus.Split(answer.Bytes)));
        Assert.Equal(AssociateRejectReason.LocalLimitExceeded, reject.Reason);
    }

    [Fact]
    public async Task Store_ToAPeerAnnouncingTheMinimumPduLength_CutsEveryPduWithinIt()
    {
        // The SCP reads PDUs against its own announced maximum and aborts on a longer one, so a successful store
        // of an instance 200 times that size shows every P-DATA-TF the client sent was within it.
        const uint Maximum = AssociationPolicy.MinimumPeerMaxPduLength;
        await using var scp = StorageScpFixture.Start(
            policy: o => o with { MaxPduLength = Maximum },
            association: new AssociationOptions { MaxPduLength = Maximum });
        var sop = "1.2.826.0.1.3680043.10.543.77." + Environment.TickCount64;
        var dataset = new DicomDataset()
            .SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
            .SetUid(DicomTags.SOPInstanceUID, sop)
            .SetUid(DicomTags.StudyInstanceUID, sop + ".1")
            .SetUid(DicomTags.SeriesInstanceUID, sop + ".2")
            .SetString(DicomTags.Modality, "OT")
            .SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[200 * (int)Maximum]);

        var results = await NormalClient.For(scp).StoreAsync(new[] { new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian) }).WaitAsync(Bound);

        var result = Assert.Single(results);
        Assert.True(result.Succeeded, result.ToString());
        var record = await WaitForRecordAsync(scp);
        Assert.Equal((true, 1, "released"), (record.Accepted, record.InstancesStored, record.Outcome));
    }

    private static async Task<AssociationRecord> WaitForRecordAsync(StorageScpFixture scp)
    {
        for (var i = 0; i < 500 && scp.Observer.Records.Count == 0; i++)
        {
            await Task.Delay(10);
        }

        return Assert.Single(scp.Observer.Records);
    }
}
