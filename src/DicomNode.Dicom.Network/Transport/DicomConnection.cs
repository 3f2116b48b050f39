using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace DicomNode.Dicom.Network.Transport;

/// <summary>An open transport connection: the byte stream (plain or TLS) and who is on the other end.</summary>
public sealed class DicomConnection : IAsyncDisposable
{
    private readonly Socket _socket;

    internal DicomConnection(Socket socket, Stream stream)
    {
        _socket = socket;
        Stream = stream;
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
    }

    public Stream Stream { get; }

    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>The peer's address as text, IPv4-mapped IPv6 addresses shown as IPv4.</summary>
    public string PeerHost => (RemoteEndPoint.Address.IsIPv4MappedToIPv6 ? RemoteEndPoint.Address.MapToIPv4() : RemoteEndPoint.Address).ToString();

    public bool IsTls => Stream is SslStream;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The peer may already have gone; closing is all that is left to do.
        }

        _socket.Dispose();
    }

    /// <summary>Opens a connection to a peer, with TLS when <paramref name="tls"/> is given.</summary>
    public static async Task<DicomConnection> ConnectAsync(string host, int port, DicomTlsOptions? tls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, timeoutSource.Token).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (tls is not null)
            {
                stream = await AuthenticateAsClientAsync(stream, host, tls, timeoutSource.Token).ConfigureAwait(false);
            }

            return new DicomConnection(socket, stream);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No connection to {host}:{port} within {timeout.TotalSeconds:0.#} s.");
        }
        catch (SocketException ex)
        {
            // The bare socket text ("Connection refused") does not say to what; the user needs host and port.
            socket.Dispose();
            throw new DicomConnectionException(host, port, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal static async Task<SslStream> AuthenticateAsClientAsync(Stream inner, string host, DicomTlsOptions tls, CancellationToken cancellationToken)
    {
        var validator = new PeerCertificateValidator(tls.LoadTrustedCertificates(), checkName: tls.ServerName is not null);
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false, validator.Validate);
        var certificate = tls.LoadCertificate();
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = tls.ServerName ?? host,
            EnabledSslProtocols = tls.Protocols,
            ClientCertificates = certificate is null ? null : new() { certificate },
        }, cancellationToken).ConfigureAwait(false);
        return ssl;
    }
}
