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

    private static float Sample(float[] v, int nx, int ny, int nz, double x, double y, double z, float outside)
    {
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5)
        {
            return outside;
        }

        x = Math.Clamp(x, 0, nx - 1);
        y = Math.Clamp(y, 0, ny - 1);
        z = Math.Clamp(z, 0, nz - 1);
        var i0 = Math.Min((int)x, Math.Max(nx - 2, 0));
        var j0 = Math.Min((int)y, Math.Max(ny - 2, 0));
        var k0 = Math.Min((int)z, Math.Max(nz - 2, 0));
        var fx = x - i0;
        var fy = y - j0;
        var fz = z - k0;
        var i1 = Math.Min(i0 + 1, nx - 1);
        var j1 = Math.Min(j0 + 1, ny - 1);
        var k1 = Math.Min(k0 + 1, nz - 1);
        var row = nx;
        var slice = nx * ny;
        double c000 = v[i0 + (row * j0) + (slice * k0)], c100 = v[i1 + (row * j0) + (slice * k0)];
        double c010 = v[i0 + (row * j1) + (slice * k0)], c110 = v[i1 + (row * j1) + (slice * k0)];
        double c001 = v[i0 + (row * j0) + (slice * k1)], c101 = v[i1 + (row * j0) + (slice * k1)];
        double c011 = v[i0 + (row * j1) + (slice * k1)], c111 = v[i1 + (row * j1) + (slice * k1)];
        var c00 = c000 + ((c100 - c000) * fx);
        var c10 = c010 + ((c110 - c010) * fx);
        var c01 = c001 + ((c101 - c001) * fx);
        var c11 = c011 + ((c111 - c011) * fx);
        var c0 = c00 + ((c10 - c00) * fy);
        var c1 = c01 + ((c11 - c01) * fy);
        return (float)(c0 + ((c1 - c0) * fz));
    }
}
