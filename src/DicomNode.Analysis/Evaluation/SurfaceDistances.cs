namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Symmetric surface distances between a truth and a predicted structure, in mm. Both empty: 0 (the surfaces agree);
/// one empty: null (no distance exists; reports show "n/a").
/// </summary>
/// <param name="HausdorffMm">The largest distance from a surface voxel of either structure to the nearest surface voxel of the other.</param>
/// <param name="Hausdorff95Mm">
/// The larger of the two directed 95th percentiles (truth → prediction, prediction → truth) of those nearest-surface distances,
/// the percentile interpolated linearly between closest ranks.
/// </param>
public sealed record SurfaceDistances(double? HausdorffMm, double? Hausdorff95Mm)
{
    public static SurfaceDistances Identical { get; } = new(0, 0);

    public static SurfaceDistances Undefined { get; } = new(null, null);
}
