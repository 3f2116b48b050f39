namespace DicomNode.Inference.Manifest;

/// <summary>One model of the manifest. <see cref="FilePath"/> is <see cref="File"/> resolved against the manifest's folder.</summary>
public sealed record ModelEntry
{
    public required string Id { get; init; }

    public required string Version { get; init; }

    /// <summary>As written in the manifest: relative to the manifest's folder.</summary>
    public required string File { get; init; }

    public required string FilePath { get; init; }

    /// <summary>Lower-case hex SHA-256 of the model file.</summary>
    public required string Sha256 { get; init; }

    public required string InputName { get; init; }

    public required ModelGrid Grid { get; init; }

    public required Normalization Normalization { get; init; }

    public required ModelOutput Output { get; init; }

    public required IReadOnlyList<ModelLabel> Labels { get; init; }

    public required IReadOnlyList<SequenceKind> AppliesTo { get; init; }

    public CascadeParent? Cascade { get; init; }

    /// <summary>Patch-wise inference, when the model declares it; null runs the whole grid at once.</summary>
    public SlidingWindow? SlidingWindow { get; init; }

    public string? Description { get; init; }

    public override string ToString() => $"{Id} {Version}";
}
