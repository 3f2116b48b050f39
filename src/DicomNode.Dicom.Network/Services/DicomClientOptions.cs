using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Services;

/// <summary>How a <see cref="DicomClient"/> reaches its peer.</summary>
public sealed record DicomClientOptions
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string CallingAeTitle { get; init; }

    public required string CalledAeTitle { get; init; }

    public DicomTlsOptions? Tls { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public AssociationOptions Association { get; init; } = new();
}
