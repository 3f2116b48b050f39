using DicomNode.Imaging;

namespace DicomNode.Analysis.Evaluation;

/// <summary>Compares a predicted label volume with the truth on one grid, label by label.</summary>
public static class SegmentationComparison
{
    /// <summary>
    /// DSC, volumetric similarity, Hausdorff distance and HD95 of each of <paramref name="labels"/> (values 1–255),
    /// each label taken as its own binary structure. Counting and surface finding are one pass each over the grid.
    /// </summary>
    /// <exception cref="ArgumentException">The volumes are not on one grid, or a label is outside 1–255.</exception>
    public static IReadOnlyList<LabelComparison> Compare(LabelVolume truth, LabelVolume prediction, IEnumerable<int> labels)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(labels);
        var wanted = labels.ToList();
        if (wanted.Any(l => l is < 1 or > 255))
        {
            throw new ArgumentException("Labels are 1–255; 0 is the background.", nameof(labels));
        }

        OverlapCounts[] counts = Overlap.CountLabels(truth, prediction);
        int[]?[] truthSurfaces = SurfaceDistance.SurfaceVoxels(truth);
        int[]?[] predictedSurfaces = SurfaceDistance.SurfaceVoxels(prediction);
        double voxelVolume = EvaluationGrid.VoxelVolumeMm3(truth.Geometry);
        var result = new List<LabelComparison>(wanted.Count);
        foreach (int label in wanted)
        {
            var distances = SurfaceDistance.Between(truth.Geometry, truthSurfaces[label], predictedSurfaces[label]);
            result.Add(new LabelComparison(label, counts[label], voxelVolume, distances));
        }

        return result;
    }
}
