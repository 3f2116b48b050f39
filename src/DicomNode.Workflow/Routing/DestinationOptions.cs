using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Workflow.Routing;

/// <summary>A named C-STORE destination (a PACS or a viewer). The name also names its outbox folder.</summary>
public sealed record DestinationOptions
{
    /// <summary>Letters, digits, '-', '_', '.'; at most 64 characters (see <see cref="Storage.NodeDataLayout.IsValidDestinationName"/>).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The destination's AE title (our Called AE title when we send).</summary>
    public string AeTitle { get; init; } = string.Empty;

    public string Host { get; init; } = string.Empty;

    public int Port { get; init; } = 104;

    /// <summary>TLS settings; null sends in the clear.</summary>
    public DicomTlsOptions? Tls { get; init; }

    /// <summary>
    /// The kinds of result this destination is sent, by name: Seg, Sr, KeyImages, Pdf (<see cref="ResultProfile.Names"/>,
    /// any case). Null or empty sends <see cref="ResultOutputs.Default"/> (SEG, SR and key images). An unknown name is a
    /// configuration error (<see cref="RoutingOptions.Validate"/>).
    /// </summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    /// <summary>The profile <see cref="Outputs"/> names.</summary>
    public ResultOutputs Profile => ResultProfile.Parse(Outputs);
}
