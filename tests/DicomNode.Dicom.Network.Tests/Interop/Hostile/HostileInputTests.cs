using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>
/// Hostile and broken peers on the live SCP, each while a normal client echoes and stores. Before an
/// A-ASSOCIATE-RQ has been accepted the connection is in Sta2, where PS3.8 Table 9-10 answers any invalid
/// or unexpected PDU with AA-1 (an A-ABORT with source service-user, then ARTIM until the transport closes)
/// and ARTIM expiry with AA-2 (close the transport).
/// </summary>
public sealed class HostileInputTests
{
    private static readonly byte[] UserAbort = WirePdus.Abort(AbortSource.ServiceUser, AbortReason.NotSpecified);

    [Fact]
    public async Task HttpRequest_OnTheDicomPort_IsAbortedThenClosed()
    {
        await using var scp = HostileServer.Start();
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), HostileServer.Artim + HostileServer.Slack);

        // 'G' (0x47) is no PDU type: Evt19 in Sta2.
        Assert.Equal(UserAbort, answer.Bytes);
    }

    [Fact]
    public async Task DataTransfer_BeforeAnyAssociation_IsAbortedThenClosed()
    {
        await using var scp = HostileServer.Start();
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, WirePdus.EchoCommand(), HostileServer.Artim + HostileServer.Slack);

        // A well-formed P-DATA-TF in Sta2 is Evt10: AA-1.
        Assert.Equal(UserAbort, answer.Bytes);
    }

    [Fact]
    public async Task AssociateRequest_With200PresentationContexts_IsAbortedThenClosed()
    {
        await using var scp = HostileServer.Start();
        var contexts = Enumerable.Range(0, 200)
            .Select(i => new PresentationContextProposal((byte)((2 * i) + 1), StandardSyntaxes.Verification, new[] { DicomTransferSyntax.ImplicitVRLittleEndian.Uid }))
            .ToList();
        var request = PduWriter.Encode(WirePdus.EchoRequest() with { PresentationContexts = contexts });
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, request, HostileServer.Artim + HostileServer.Slack);

        // Context ids are odd numbers 1..255 (PS3.8 §9.3.2.2): past 128 the request is not a valid PDU, Evt19.
        Assert.Equal(UserAbort, answer.Bytes);
    }

    [Fact]
    public async Task TruncatedPdu_ThenSilence_IsClosedWhenArtimExpires()
    {
        await using var scp = HostileServer.Start();
        var truncated = WirePdus.Header(PduType.AssociateRequest, 1000).Concat(new byte[] { 0, 1, 0, 0 }).ToArray();
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, truncated, HostileServer.Artim + HostileServer.Slack);

        // Still waiting for the A-ASSOCIATE-RQ when ARTIM expires: Evt18 in Sta2 is AA-2, close without a PDU.
        Assert.Empty(answer.Bytes);
        Assert.True(answer.ClosedAfter >= HostileServer.Artim - TimeSpan.FromMilliseconds(500), $"closed after {answer.ClosedAfter}, before ARTIM");
    }

    [Fact]
    public async Task SilentConnection_IsClosedWhenArtimExpires()
    {
        await using var scp = HostileServer.Start();
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, ReadOnlyMemory<byte>.Empty, HostileServer.Artim + HostileServer.Slack);

        Assert.Empty(answer.Bytes);
        Assert.True(answer.ClosedAfter >= HostileServer.Artim - TimeSpan.FromMilliseconds(500), $"closed after {answer.ClosedAfter}, before ARTIM");
    }

    [Fact]
    public async Task SilentEstablishedAssociation_IsAbortedAfterTheIdleTimeout()
    {
        await using var scp = HostileServer.Start();
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, PduWriter.Encode(WirePdus.EchoRequest()),
            HostileServer.Idle + HostileServer.Artim + HostileServer.Slack);

        // Accepted, then silence: the idle timer asks for an abort (Evt15 in Sta6 is AA-1), then ARTIM closes.
        var pdus = WirePdus.Split(answer.Bytes);
        Assert.Equal(2, pdus.Count);
        Assert.IsType<AssociateAcceptPdu>(pdus[0]);
        Assert.Equal(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified), pdus[1]);
        Assert.True(answer.ClosedAfter >= HostileServer.Idle, $"aborted after {answer.ClosedAfter}, before the idle timeout");
    }

    [Fact]
    public async Task AbortedPeer_ThatClosesItsEnd_IsReleasedAtOnceNotAfterArtim()
    {
        await using var scp = HostileServer.Start();
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray());
        raw.ShutdownSend();
        var answer = await raw.ReadUntilClosedAsync(HostileServer.Artim + HostileServer.Slack);

        // Sta13 awaits the transport close (Evt17, AR-5): a peer that closes must not hold its slot until ARTIM.
        Assert.Equal(UserAbort, answer.Bytes);
        Assert.True(answer.ClosedAfter < HostileServer.Artim / 2, $"closed after {answer.ClosedAfter}");
    }
}
