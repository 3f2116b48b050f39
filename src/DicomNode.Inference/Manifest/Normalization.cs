namespace DicomNode.Inference.Manifest;

/// <summary>
/// Intensity normalization of a model's input. <see cref="LowerPercentile"/> and
/// <see cref="UpperPercentile"/> (0–100) are used by <see cref="NormalizationMethod.Percentile"/> only.
/// </summary>
public sealed record Normalization(NormalizationMethod Method, double LowerPercentile = 0, double UpperPercentile = 100);
