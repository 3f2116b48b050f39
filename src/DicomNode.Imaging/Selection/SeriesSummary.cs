namespace DicomNode.Imaging.Selection;

/// <summary>
/// What the headers of one series say, enough to choose it for a role without reading pixels.
/// <see cref="InstancesPerBValue"/> counts instances by b-value for diffusion series (several b-values may share
/// one series, as GE writes them); instances without a b-value are not in it.
/// </summary>
public sealed record SeriesSummary(
    string SeriesInstanceUid,
    int? SeriesNumber,
    string Description,
    string Modality,
    IReadOnlyList<string> ImageType,
    IReadOnlyDictionary<double, int> InstancesPerBValue,
    int InstanceCount)
{
    /// <summary>The files the summary was read from, in path order; empty for a summary built in memory.</summary>
    public IReadOnlyList<string> Files { get; init; } = Array.Empty<string>();

    /// <summary>The Frame of Reference UID of the first instance; null when it has none.</summary>
    public string? FrameOfReferenceUid { get; init; }

    /// <summary>The distinct b-values present, ascending.</summary>
    public IReadOnlyList<double> BValues => InstancesPerBValue.Keys.Order().ToArray();

    /// <summary>The highest b-value present; null for a series without diffusion b-values.</summary>
    public double? HighestBValue => InstancesPerBValue.Count == 0 ? null : InstancesPerBValue.Keys.Max();

    /// <summary>ADC map by the default rules: ImageType ADC (or DIFFUSION MAP) or a description such as "ADC", "dADC".</summary>
    public bool LooksLikeAdcMap => SelectionRules.Default.Adc.Compile().Matches(this);

    /// <summary>Dixon in-phase by the default rules: ImageType IN_PHASE or IP, or a description such as "InPhase", "_in".</summary>
    public bool LooksLikeDixonInPhase => SelectionRules.Default.T1InPhase.Compile().Matches(this);

    /// <summary>"series 4 'Ax DWI b800'" — how messages name a series.</summary>
    public string Label => SeriesNumber is { } n ? $"series {n} '{Description}'" : $"series '{Description}' ({SeriesInstanceUid})";

    public bool HasImageType(string token) => ImageType.Any(v => string.Equals(v, token, StringComparison.OrdinalIgnoreCase));
}
