using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>
/// A raw TCP client that speaks no DICOM: it sends whatever bytes a test gives it and records what the
/// server answers until the server closes the connection. Every wait is bounded.
/// </summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _socket;

    private RawPeer(Socket socket)
    {
        _socket = socket;
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        return new RawPeer(socket);
    }

    /// <summary>Sends <paramref name="bytes"/>; false when the server had already closed or reset the connection.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (!bytes.IsEmpty)
            {
                int sent = await _socket.SendAsync(bytes, SocketFlags.None, timeout.Token);
                bytes = bytes[sent..];
            }

            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Half-closes the connection: the server reads end of stream, we can still read its answer.</summary>
    public void ShutdownSend()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already reset by the server.
        }
    }

    /// <summary>
    /// Reads until the server closes the connection (end of stream or reset); throws
    /// <see cref="TimeoutException"/> when it is still open after <paramref name="timeout"/>.
    /// </summary>
    public async Task<ServerAnswer> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(timeout);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server kept the connection open for {timeout.TotalSeconds:0.#} s after sending {received.Length} byte(s).");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            // A reset is the server closing too.
        }

        return new ServerAnswer(received.ToArray(), watch.Elapsed);
    }

    public void Dispose() => _socket.Dispose();
}

/// <summary>What the server sent before it closed the connection, and how long after the read began it closed.</summary>
internal sealed record ServerAnswer(byte[] Bytes, TimeSpan ClosedAfter);
