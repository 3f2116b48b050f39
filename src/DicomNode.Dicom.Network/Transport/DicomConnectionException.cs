using System.Net.Sockets;

namespace DicomNode.Dicom.Network.Transport;

/// <summary>No TCP connection to a peer could be made; the message names the host and port, the <see cref="SocketException"/> is inner.</summary>
public sealed class DicomConnectionException : IOException
{
    public DicomConnectionException(string host, int port, SocketException inner)
        : base($"no connection to {host}:{port} ({inner.Message}); check that the peer runs and listens on that port, the host name and port, and any firewall between.", inner)
    {
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    public SocketError SocketError => ((SocketException)InnerException!).SocketErrorCode;
}
