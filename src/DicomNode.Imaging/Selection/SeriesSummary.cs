namespace DicomNode.Imaging.Selection;

/// <summary>
/// What the headers of one series say, enough to choose it for a role without reading pixels.
/// <see cref="InstancesPerBValue"/> counts images (single-frame instances, Enhanced MR frames, mosaic tiles) by b-value
/// for diffusion series (several b-values may share one series, as GE writes them); images without a b-value are not
/// in it, and neither are the objects in <see cref="Skipped"/>. <see cref="InstanceCount"/> counts images the same way.
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

    /// <summary>Per b-value, how many images are trace-weighted and how many carry one gradient direction.</summary>
    public IReadOnlyDictionary<double, DiffusionImages> Diffusion { get; init; } = new Dictionary<double, DiffusionImages>();

    /// <summary>Objects of the series that are no image to stack, each "file: reason" (presentation states, vendor objects, colour maps).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

    /// <summary>True when the images are frames of multi-frame (Enhanced MR) files.</summary>
    public bool IsMultiFrame { get; init; }

    /// <summary>True when the images are tiles of Siemens mosaics.</summary>
    public bool IsMosaic { get; init; }

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
