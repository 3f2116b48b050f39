using System.Net;
using System.Net.Sockets;
using DicomNode.Dicom.Network.Pdus;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>
/// Cross-check against a real peer: DCMTK's echoscu connects to a bare listener, which reads its
/// PDUs with <see cref="PduReader"/> and answers with PDUs from <see cref="PduWriter"/>.
/// </summary>
public sealed class DcmtkEchoscuTests(ITestOutputHelper output)
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";

    // DCMTK's implementation class UIDs all start with its root.
    private const string DcmtkUidRoot = "1.2.276.0.7230010.3";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [DcmtkFact]
    public async Task Echoscu_AssociateRequest_DecodesAndRejectionIsReported()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var listener = Listen(out int port);
        using var echoscu = Echoscu.Start("ME", "YOU", port);
        using TcpClient client = await listener.AcceptTcpClientAsync(cts.Token);
        NetworkStream stream = client.GetStream();

        var request = Assert.IsType<AssociateRequestPdu>(await PduReader.ReadAsync(stream, 16384, cts.Token));
        await PduWriter.WriteAsync(stream, new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAeTitleNotRecognized), cts.Token);
        (int exitCode, string printed) = await echoscu.WaitAsync(cts.Token);
        output.WriteLine(printed);

        Assert.Equal("YOU", request.CalledAeTitle);
        Assert.Equal("ME", request.CallingAeTitle);
        Assert.Equal(AssociateRequestPdu.DicomApplicationContext, request.ApplicationContextName);
        PresentationContextProposal context = Assert.Single(request.PresentationContexts);
        Assert.Equal(Verification, context.AbstractSyntax);
        Assert.Contains(ImplicitVrLittleEndian, context.TransferSyntaxes);
        Assert.StartsWith(DcmtkUidRoot, request.UserInformation.ImplementationClassUid);
        Assert.NotEqual(0u, request.UserInformation.MaximumLength);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("Called AE Title Not Recognized", printed);
    }

    [DcmtkFact]
    public async Task Echoscu_AfterAcceptance_SendsCEchoCommandAndReportsAbort()
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var listener = Listen(out int port);
        using var echoscu = Echoscu.Start("ME", "YOU", port);
        using TcpClient client = await listener.AcceptTcpClientAsync(cts.Token);
        NetworkStream stream = client.GetStream();

        var request = Assert.IsType<AssociateRequestPdu>(await PduReader.ReadAsync(stream, 16384, cts.Token));
        PresentationContextProposal context = Assert.Single(request.PresentationContexts);
        var accept = new AssociateAcceptPdu(
            request.CalledAeTitle,
            request.CallingAeTitle,
            [new PresentationContextResult(context.Id, PresentationContextResultReason.Acceptance, ImplicitVrLittleEndian)],
            new UserInformation { MaximumLength = 16384 });
        await PduWriter.WriteAsync(stream, accept, cts.Token);
        var data = Assert.IsType<DataTransferPdu>(await PduReader.ReadAsync(stream, 16384, cts.Token));
        await PduWriter.WriteAsync(stream, new AbortPdu(AbortSource.ServiceProvider, AbortReason.NotSpecified), cts.Token);
        (_, string printed) = await echoscu.WaitAsync(cts.Token);
        output.WriteLine(printed);

        PresentationDataValue command = Assert.Single(data.Values);
        Assert.Equal(context.Id, command.PresentationContextId);
        Assert.True(command.IsCommand);
        Assert.True(command.IsLastFragment);
        // The command set is Implicit VR Little Endian (PS3.7 §6.3.1): (0000,0100) Command Field,
        // length 2, value 0x0030 (C-ECHO-RQ).
        Assert.True(ContainsSequence(command.Fragment.Span, [0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x30, 0x00]), PduAssert.Hex(command.Fragment));
        // DCMTK read our maximum length sub-item: its largest PDV is 16384 less the 12 bytes of framing.
        Assert.Contains("Association Accepted (Max Send PDV: 16372)", printed);
        // echoscu 3.6.7 exits 0 even when the echo fails, so only what it prints tells.
        Assert.Contains("Peer Aborted Association", printed);
    }

    private static TcpListener Listen(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    private static bool ContainsSequence(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle) >= 0;
}
