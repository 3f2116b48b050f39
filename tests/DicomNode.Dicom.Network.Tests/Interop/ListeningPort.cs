using System.Globalization;

namespace DicomNode.Dicom.Network.Tests.Interop;

/// <summary>
/// Waits until a peer listens on a TCP port, read from the kernel's socket tables rather than by
/// connecting: storescp prints nothing when it is ready, and a probe connection would be an
/// association attempt it logs as failed.
/// </summary>
internal static class ListeningPort
{
    private const string Listen = "0A";

    public static async Task WaitAsync(int port, PeerProcess peer, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!IsListening(port))
        {
            if (peer.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing listened on port {port} within {timeout.TotalSeconds:0} s. Peer output:\n{peer.Output}");
            }

            await Task.Delay(25);
        }
    }

    private static bool IsListening(int port) =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(table => File.ReadLines(table).Skip(1)).Any(line =>
        {
            // "  sl  local_address rem_address   st ...": local_address is HEXADDR:HEXPORT.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 3
                && fields[3] == Listen
                && int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port;
        });
}
