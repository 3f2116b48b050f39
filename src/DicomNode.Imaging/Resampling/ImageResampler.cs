using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Resampling;

/// <summary>Resamples real-valued volumes onto another grid by trilinear interpolation, in patient space.</summary>
public static class ImageResampler
{
    /// <summary>
    /// The image of <paramref name="source"/> on <paramref name="target"/>. A target voxel whose centre falls within half a
    /// voxel of the source's outermost centres takes the edge value (the source voxel covers it); one further out gets
    /// <paramref name="outside"/>.
    /// </summary>
    public static ImageVolume Trilinear(ImageVolume source, VolumeGeometry target, float outside = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return new ImageVolume(target, Trilinear(source.Geometry, source.Voxels, target, outside))
        {
            SeriesInstanceUid = source.SeriesInstanceUid,
            BValue = source.BValue,
        };
    }

    public static float[] Trilinear(VolumeGeometry sourceGeometry, ReadOnlySpan<float> sourceVoxels, VolumeGeometry target, float outside = 0)
    {
        ArgumentNullException.ThrowIfNull(sourceGeometry);
        ArgumentNullException.ThrowIfNull(target);
        if (sourceVoxels.Length != sourceGeometry.VoxelCount)
        {
            throw new ArgumentException($"{sourceVoxels.Length} voxels for a grid of {sourceGeometry.VoxelCount}.", nameof(sourceVoxels));
        }

        var src = sourceVoxels.ToArray();
        var result = new float[target.VoxelCount];
        var map = new GridMapping(target, sourceGeometry);
        int nx = sourceGeometry.Columns, ny = sourceGeometry.Rows, nz = sourceGeometry.Slices;
        Parallel.For(0, target.Slices, k =>
        {
            for (var j = 0; j < target.Rows; j++)
            {
                map.Row(j, k, out var x, out var y, out var z, out var dx, out var dy, out var dz);
                var offset = target.IndexOf(0, j, k);
                for (var i = 0; i < target.Columns; i++)
                {
                    result[offset + i] = Sample(src, nx, ny, nz, x + (dx * i), y + (dy * i), z + (dz * i), outside);
                }
            }
        });
        return result;
    }

    private static float Sample(float[] v, int nx, int ny, int nz, double x, double y, double z, float outside) =>
        TrilinearCell.TryLocate(nx, ny, nz, x, y, z, out var cell) ? (float)cell.Interpolate(v) : outside;
}
