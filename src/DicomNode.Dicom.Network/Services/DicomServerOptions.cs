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
    /// The negotiation policy, asked afresh for every association so that AE titles, callers and limits
    /// can change while the server runs without disturbing associations in progress.
    /// </summary>
    public required Func<AssociationPolicyOptions> Policy { get; init; }
}
