using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace DicomNode.Dicom.Network.Transport;

/// <summary>
/// Listens for DICOM connections on one address (IPv4, IPv6, or both through a dual-mode socket for
/// "::"), sets TCP_NODELAY on every accepted socket, and performs the TLS handshake when configured.
/// </summary>
public sealed class DicomListener : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly DicomTlsOptions? _tls;
    private readonly X509Certificate2? _certificate;
    private readonly PeerCertificateValidator? _validator;

    private DicomListener(Socket socket, DicomTlsOptions? tls)
    {
        _socket = socket;
        _tls = tls;
        if (tls is not null)
        {
            _certificate = tls.LoadCertificate()
                ?? throw new ArgumentException("TLS is enabled but no server certificate is configured.", nameof(tls));
            _validator = new PeerCertificateValidator(tls.LoadTrustedCertificates(), checkName: false);
        }
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>
    /// Binds <paramref name="address"/> ("0.0.0.0", "::" for IPv6 and IPv4 together, "127.0.0.1", a
    /// host's address) and <paramref name="port"/> (0 lets the system choose).
    /// </summary>
    public static DicomListener Start(string address, int port, DicomTlsOptions? tls = null, int backlog = 128)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new ArgumentException($"Bind address '{address}' is not an IPv4 or IPv6 address.", nameof(address));
        }

        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(backlog);
            return new DicomListener(socket, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the next connection; the TLS handshake is the caller's to await through <see cref="SecureAsync"/>.</summary>
    public async Task<Socket> AcceptSocketAsync(CancellationToken cancellationToken)
    {
        var socket = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
        socket.NoDelay = true;
        return socket;
    }

    /// <summary>Wraps an accepted socket: plain, or after a TLS handshake bounded by <paramref name="timeout"/>.</summary>
    public async Task<DicomConnection> SecureAsync(Socket socket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (_tls is null)
        {
            return new DicomConnection(socket, stream);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _certificate,
                ClientCertificateRequired = _tls.RequireClientCertificate,
                EnabledSslProtocols = _tls.Protocols,
                RemoteCertificateValidationCallback = _tls.RequireClientCertificate
                    ? _validator!.Validate
                    : (_, _, _, _) => true,
            }, timeoutSource.Token).ConfigureAwait(false);
            return new DicomConnection(socket, ssl);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
