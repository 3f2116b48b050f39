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
        return Decide(grid, target, cell =>
        {
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
        return Decide(grid, target, cell => cell.Interpolate(data) >= threshold ? value : (byte)0);
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
