using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Resampling;

/// <summary>
/// The eight voxels around a point given in voxel coordinates, and their trilinear weights. A point within half a voxel
/// of the outermost centres is clamped onto them (the edge voxel covers it); one further out has no cell.
/// </summary>
internal readonly struct TrilinearCell
{
    private readonly int _i0, _i1, _j0, _j1, _k0, _k1;
    private readonly double _fx, _fy, _fz;

    private TrilinearCell(int i0, int i1, int j0, int j1, int k0, int k1, double fx, double fy, double fz)
    {
        (_i0, _i1, _j0, _j1, _k0, _k1, _fx, _fy, _fz) = (i0, i1, j0, j1, k0, k1, fx, fy, fz);
    }

    /// <summary>
    /// For each voxel of <paramref name="target"/>, <paramref name="value"/> of the cell of <paramref name="source"/>
    /// around its centre (in patient space), or <paramref name="outside"/> where it falls outside the source.
    /// </summary>
    public static T[] Resample<T>(VolumeGeometry source, VolumeGeometry target, Func<TrilinearCell, T> value, T outside)
    {
        var result = new T[target.VoxelCount];
        var map = new GridMapping(target, source);
        int nx = source.Columns, ny = source.Rows, nz = source.Slices;
        Parallel.For(0, target.Slices, k =>
        {
            for (var j = 0; j < target.Rows; j++)
            {
                map.Row(j, k, out var x, out var y, out var z, out var dx, out var dy, out var dz);
                var offset = target.IndexOf(0, j, k);
                for (var i = 0; i < target.Columns; i++)
                {
                    result[offset + i] = TryLocate(nx, ny, nz, x + (dx * i), y + (dy * i), z + (dz * i), out var cell) ? value(cell) : outside;
                }
            }
        });
        return result;
    }

    /// <summary>The cell around (x, y, z) in a grid of nx × ny × nz voxels (x fastest); false outside the grid.</summary>
    public static bool TryLocate(int nx, int ny, int nz, double x, double y, double z, out TrilinearCell cell)
    {
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5)
        {
            cell = default;
            return false;
        }

        x = Math.Clamp(x, 0, nx - 1);
        y = Math.Clamp(y, 0, ny - 1);
        z = Math.Clamp(z, 0, nz - 1);
        var i0 = Math.Min((int)x, Math.Max(nx - 2, 0));
        var j0 = Math.Min((int)y, Math.Max(ny - 2, 0));
        var k0 = Math.Min((int)z, Math.Max(nz - 2, 0));
        var row = nx;
        var slice = nx * ny;
        cell = new TrilinearCell(
            i0,
            Math.Min(i0 + 1, nx - 1),
            row * j0,
            row * Math.Min(j0 + 1, ny - 1),
            slice * k0,
            slice * Math.Min(k0 + 1, nz - 1),
            x - i0,
            y - j0,
            z - k0);
        return true;
    }

    /// <summary>True, with it, where the cell's eight corners in <paramref name="v"/> (one byte a grid voxel) hold the same value.</summary>
    public bool TryUniform(ReadOnlySpan<byte> v, out byte value)
    {
        int a = _j0 + _k0, b = _j1 + _k0, c = _j0 + _k1, d = _j1 + _k1;
        value = v[a + _i0];
        return v[a + _i1] == value
            && v[b + _i0] == value && v[b + _i1] == value
            && v[c + _i0] == value && v[c + _i1] == value
            && v[d + _i0] == value && v[d + _i1] == value;
    }

    /// <summary>The interpolated value of the volume that starts at <paramref name="offset"/> in <paramref name="v"/>.</summary>
    public double Interpolate(ReadOnlySpan<float> v, int offset = 0)
    {
        int a = offset + _j0 + _k0, b = offset + _j1 + _k0, c = offset + _j0 + _k1, d = offset + _j1 + _k1;
        double c000 = v[a + _i0], c100 = v[a + _i1];
        double c010 = v[b + _i0], c110 = v[b + _i1];
        double c001 = v[c + _i0], c101 = v[c + _i1];
        double c011 = v[d + _i0], c111 = v[d + _i1];
        var c00 = c000 + ((c100 - c000) * _fx);
        var c10 = c010 + ((c110 - c010) * _fx);
        var c01 = c001 + ((c101 - c001) * _fx);
        var c11 = c011 + ((c111 - c011) * _fx);
        var c0 = c00 + ((c10 - c00) * _fy);
        var c1 = c01 + ((c11 - c01) * _fy);
        return c0 + ((c1 - c0) * _fz);
    }
}
