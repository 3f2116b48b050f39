using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Services;

/// <summary>Where and how a <see cref="DicomServer"/> listens.</summary>
public sealed record DicomServerOptions
{
    /// <summary>Address to bind: "0.0.0.0" (all IPv4), "::" (all IPv6 and IPv4), or one interface's address.</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>TCP port; 0 lets the system choose (tests).</summary>
    public int Port { get; init; } = 11112;

    public DicomTlsOptions? Tls { get; init; }

    public AssociationOptions Association { get; init; } = new();

    /// <summary>
    /// Connections held at once that have not yet sent their A-ASSOCIATE-RQ. A new connection beyond it closes the
    /// oldest such connection, never itself: a flood of idle connections cannot keep a caller from being heard.
    /// </summary>
    public int MaxPendingConnections { get; init; } = 64;

    /// <summary>Connections from one address held at once without an A-ASSOCIATE-RQ; beyond it that address's oldest is closed.</summary>
    public int MaxPendingConnectionsPerAddress { get; init; } = 8;

    /// <summary>
    /// The negotiation policy, asked afresh for every association so that AE titles, callers and limits
    /// can change while the server runs without disturbing associations in progress.
    /// </summary>
    public required Func<AssociationPolicyOptions> Policy { get; init; }
}
