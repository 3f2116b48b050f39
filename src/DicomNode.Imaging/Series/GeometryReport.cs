namespace DicomNode.Imaging.Series;

/// <summary>
/// What the stacking of a series found about its slice positions: the distances between neighbouring slices along the
/// normal and warnings for anything a model's grid would silently smooth over (gaps, irregular spacing, a sheared stack).
/// The volume's affine assumes even spacing; a caller that needs exact positions reads <see cref="SliceSpacings"/>.
/// </summary>
public sealed record GeometryReport(IReadOnlyList<double> SliceSpacings, IReadOnlyList<string> Warnings)
{
    /// <summary>True when no warning was raised: the slices are evenly spaced along the normal.</summary>
    public bool IsRegular => Warnings.Count == 0;

    /// <summary>Objects of the series that were left out, each "SOP Instance UID: reason" (presentation states, vendor objects…).</summary>
    public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();
}
