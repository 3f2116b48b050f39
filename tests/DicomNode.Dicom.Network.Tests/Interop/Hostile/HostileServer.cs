using DicomNode.Dicom.Network.Association;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>
/// Our SCP with short timers, so that hostile connections end within seconds, and the helper that
/// sends hostile bytes while a normal client is served.
/// </summary>
internal static class HostileServer
{
    /// <summary>
    /// Short, so that hostile connections end within seconds; but a normal client's A-ASSOCIATE-RQ must arrive
    /// within it of connecting, and with 1 s a test's first echo was once closed unanswered on a loaded 2-core machine.
    /// </summary>
    public static readonly TimeSpan Artim = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Long enough that the normal client, which the same server serves meanwhile, never looks idle on a
    /// loaded machine (its first association also pays for JIT compilation).
    /// </summary>
    public static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);

    /// <summary>Room for scheduling on a loaded machine on top of a timer that should have fired.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    public static StorageScpFixture Start() => StorageScpFixture.Start(association: new AssociationOptions
    {
        ArtimTimeout = Artim,
        IdleTimeout = Idle,
        ResponseTimeout = TimeSpan.FromSeconds(10),
    });

    /// <summary>
    /// Opens a raw connection, sends <paramref name="hostile"/>, and — while that connection is still open —
    /// has a normal client echo and store; returns what the raw connection received before the server closed it.
    /// </summary>
    public static async Task<ServerAnswer> SendWhileAnotherClientStoresAsync(StorageScpFixture scp, ReadOnlyMemory<byte> hostile, TimeSpan closedWithin)
    {
        using var raw = await RawPeer.ConnectAsync(scp.Port);
        await raw.SendAsync(hostile);
        var answer = raw.ReadUntilClosedAsync(closedWithin);
        await NormalClient.AssertEchoAndStoreSucceedAsync(scp);
        return await answer;
    }
}
