using System.Net;
using System.Net.Sockets;

namespace DicomNode.Dicom.Network.Tests.Interop;

/// <summary>A TCP port the OS says is free now, for peers (storescp, Orthanc) that cannot be told to pick their own.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
