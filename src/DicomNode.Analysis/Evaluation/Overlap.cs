using DicomNode.Imaging;

namespace DicomNode.Analysis.Evaluation;

/// <summary>Voxel overlap of the labels of two volumes on one grid.</summary>
public static class Overlap
{
    /// <summary>
    /// The counts of every label value 0–255 in one pass over the voxels: entry <c>v</c> is label <c>v</c> in the truth,
    /// in the prediction, and in both at the same voxel.
    /// </summary>
    /// <exception cref="ArgumentException">The two volumes are not on one grid.</exception>
    public static OverlapCounts[] CountLabels(LabelVolume truth, LabelVolume prediction)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prediction);
        EvaluationGrid.RequireSameGrid(truth.Geometry, prediction.Geometry);
        ReadOnlySpan<byte> t = truth.Labels;
        ReadOnlySpan<byte> p = prediction.Labels;
        if (t.Length != p.Length || t.Length != truth.Geometry.VoxelCount)
        {
            throw new ArgumentException($"{t.Length} and {p.Length} labels for a grid of {truth.Geometry.VoxelCount} voxels.");
        }

        var inTruth = new long[256];
        var inPrediction = new long[256];
        var inBoth = new long[256];
        for (int v = 0; v < t.Length; v++)
        {
            byte a = t[v];
            byte b = p[v];
            inTruth[a]++;
            inPrediction[b]++;
            if (a == b)
            {
                inBoth[a]++;
            }
        }

        var counts = new OverlapCounts[256];
        for (int label = 0; label < 256; label++)
        {
            counts[label] = new OverlapCounts(inTruth[label], inPrediction[label], inBoth[label]);
        }

        return counts;
    }
}
