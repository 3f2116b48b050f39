using System.Globalization;

namespace DicomNode.Dicom.Network.Tests.Interop.Tls;

/// <summary>
/// Waits until a child process listens on a TCP port, read from the kernel's socket tables rather than by
/// connecting (a probe connection would be a failed TLS handshake in the peer's log).
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
                throw new TimeoutException($"Nothing listens on port {port}. Peer output:\n{peer.Output}");
            }

            await Task.Delay(25);
        }
    }

    private static bool IsListening(int port)
    {
        string hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == Listen)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
