using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Resampling;

/// <summary>
/// Decides a model's labels on another grid from its scores rather than from its labels: each class's probability is
/// interpolated (trilinear) at the target voxel and the decision is taken there. Going back to a finer source grid this
/// way keeps the boundary the model saw between its voxels, where the nearest neighbour of its labels would draw the
/// model grid's staircase.
/// </summary>
public static class ScoreResampler
{
    // Most target voxels lie in a cell whose eight corners agree, and there the decision needs no interpolation.
    // Trilinear interpolation is a convex combination: each class's score at a target voxel is Σ w·s over the corners,
    // w ≥ 0, Σ w = 1, the same weights for every class. So a class that leads another by more than m at every corner
    // leads it by more than m at the voxel, and a probability above (below) the threshold at every corner is above
    // (below) it at the voxel. In exact arithmetic that would hold for ties too (a tie at a corner goes to the lower
    // class there and at the voxel alike), but Interpolate rounds: seven lerps a + (b − a)·f in double, each one
    // rounding b − a, the product and the sum. A tie can come out an ulp the other way, a strict lead as a tie that the
    // lower class then wins, and a probability exactly at the threshold as just under it (a = 1, b = t = 2^-60, f = 1
    // gives 0). Each lerp lands within 5u·M of the exact lerp of its inputs (u = 2^-53, M the largest |score| in the
    // cell), and the weights sum to 1, so after three levels each interpolated score is within 16u·M of the exact one
    // and a difference of two within 32u·M. A grid voxel is therefore decided only where its lead (over the runner-up
    // class, or from the threshold) exceeds 2^-46·G = 128u·G, G the largest |score| in the tensor: a cell whose eight
    // corners are all decided alike then interpolates to the same decision, strictly, whatever the rounding. That bound
    // is an exact double (a float times a power of two) and rounding is monotone, so a lead computed above it is above
    // it in fact; an underflow in double (below 2^-1022) is far below any float's. A corner with a tie, a near tie or a
    // probability at the threshold is Undecided, and its cells are interpolated as before; so is every cell of a tensor
    // holding a NaN or an infinity. A real label 255 (a 256th class, a threshold's value) reads as Undecided too: its
    // cells are interpolated, no harm done.
    private const byte Undecided = byte.MaxValue;

    /// <summary>
    /// The class with the highest interpolated score at each target voxel (ties go to the lower class); 0 outside the
    /// grid. <paramref name="scores"/> holds <paramref name="classes"/> planes of the grid's voxels, class 0 first.
    /// </summary>
    public static LabelVolume Argmax(VolumeGeometry grid, ReadOnlySpan<float> scores, int classes, VolumeGeometry target) =>
        Argmax(grid, scores.ToArray(), classes, target);

    /// <summary>As the overload for a span, reading <paramref name="scores"/> in place: a model's output is not copied (issue 23).</summary>
    public static LabelVolume Argmax(VolumeGeometry grid, float[] scores, int classes, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classes, 256);
        CheckLength(grid, scores.Length, classes);
        var data = scores;
        var voxels = grid.VoxelCount;
        var corners = CornerArgmax(scores, classes, voxels);
        return Decide(grid, target, cell =>
        {
            if (cell.TryUniform(corners, out var decided) && decided != Undecided)
            {
                return decided;
            }

            var best = cell.Interpolate(data);
            var label = 0;
            for (var c = 1; c < classes; c++)
            {
                var value = cell.Interpolate(data, c * voxels);
                if (value > best)
                {
                    (best, label) = (value, c);
                }
            }

            return (byte)label;
        });
    }

    /// <summary><paramref name="value"/> where the interpolated probability reaches <paramref name="threshold"/>, else 0.</summary>
    public static LabelVolume Threshold(VolumeGeometry grid, ReadOnlySpan<float> probability, double threshold, byte value, VolumeGeometry target) =>
        Threshold(grid, probability.ToArray(), threshold, value, target);

    /// <summary>As the overload for a span, reading <paramref name="probability"/> in place: a model's output is not copied (issue 23).</summary>
    public static LabelVolume Threshold(VolumeGeometry grid, float[] probability, double threshold, byte value, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(probability);
        CheckLength(grid, probability.Length, 1);
        var data = probability;
        var corners = CornerThreshold(probability, threshold, value);
        return Decide(grid, target, cell =>
            cell.TryUniform(corners, out var decided) && decided != Undecided
                ? decided
                : cell.Interpolate(data) >= threshold ? value : (byte)0);
    }

    /// <summary>
    /// Each grid voxel's argmax (ties to the lower class, as <c>LabelDecoder.Decode</c>), or <see cref="Undecided"/> where
    /// it leads the runner-up by no more than <see cref="Lead"/>: the labels a cell whose corners agree can take as it is.
    /// </summary>
    internal static byte[] CornerArgmax(float[] scores, int classes, int voxels)
    {
        var labels = new byte[voxels];
        var lead = Lead(scores);
        ForChunks(voxels, (_, from, to) =>
        {
            for (var v = from; v < to; v++)
            {
                var best = scores[v];
                var second = float.NegativeInfinity;
                var label = 0;
                for (var c = 1; c < classes; c++)
                {
                    var value = scores[(c * voxels) + v];
                    if (value > best)
                    {
                        (second, best, label) = (best, value, c);
                    }
                    else if (value > second)
                    {
                        second = value;
                    }
                }

                labels[v] = (double)best - second > lead ? (byte)label : Undecided;
            }
        });
        return labels;
    }

    /// <summary>
    /// Each grid voxel's decision against <paramref name="threshold"/>, or <see cref="Undecided"/> where its probability
    /// is within <see cref="Lead"/> of it.
    /// </summary>
    internal static byte[] CornerThreshold(float[] probability, double threshold, byte value)
    {
        var labels = new byte[probability.Length];
        var lead = Lead(probability);
        ForChunks(probability.Length, (_, from, to) =>
        {
            for (var v = from; v < to; v++)
            {
                var above = probability[v] - threshold;
                labels[v] = above > lead ? value : -above > lead ? (byte)0 : Undecided;
            }
        });
        return labels;
    }

    /// <summary>
    /// The lead a corner's decision needs over the rounding of the interpolation: 2^-46 of the largest score magnitude
    /// (an exact double); NaN where a score is not finite, which no lead exceeds.
    /// </summary>
    private static double Lead(float[] scores)
    {
        var largest = new float[Chunks(scores.Length)];
        ForChunks(scores.Length, (chunk, from, to) =>
        {
            var m = 0f;
            for (var v = from; v < to; v++)
            {
                // Math.Max keeps a NaN, and an infinity is the largest: either leaves the lead not finite.
                m = Math.Max(m, Math.Abs(scores[v]));
            }

            largest[chunk] = m;
        });
        var g = largest.Aggregate(0f, Math.Max);
        return float.IsFinite(g) ? Math.ScaleB(g, -46) : double.NaN;
    }

    private static int Chunks(int length) => Math.Max(1, length / 65536);

    /// <summary><paramref name="body"/>(chunk, from, to) over <paramref name="length"/> elements cut into <see cref="Chunks"/>, in parallel.</summary>
    private static void ForChunks(int length, Action<int, int, int> body)
    {
        var chunks = Chunks(length);
        Parallel.For(0, chunks, chunk => body(chunk, (int)((long)length * chunk / chunks), (int)((long)length * (chunk + 1) / chunks)));
    }

    private static void CheckLength(VolumeGeometry grid, int length, int classes)
    {
        if (length != (long)grid.VoxelCount * classes)
        {
            throw new ArgumentException($"{length} scores for {classes} class(es) on a grid of {grid.VoxelCount} voxels.");
        }
    }

    private static LabelVolume Decide(VolumeGeometry grid, VolumeGeometry target, Func<TrilinearCell, byte> decide) =>
        new(target, TrilinearCell.Resample(grid, target, decide, (byte)0));
}
