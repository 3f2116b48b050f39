using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests;

/// <summary>Hand-made grids and painted volumes with known answers.</summary>
internal static class TestGrids
{
    /// <summary>An axis-aligned grid (i → +X, j → +Y, k → +Z) with its first voxel centre at <paramref name="origin"/>.</summary>
    public static VolumeGeometry Axial(int nx, int ny, int nz, double si = 1, double sj = 1, double sk = 1, (double X, double Y, double Z) origin = default) =>
        new(nx, ny, nz, [si, 0, 0, origin.X, 0, sj, 0, origin.Y, 0, 0, sk, origin.Z, 0, 0, 0, 1]);

    /// <summary>
    /// A grid whose axes are the columns of <paramref name="rotation"/> (3×3 row-major) scaled by the spacings, centred on
    /// <paramref name="centre"/>.
    /// </summary>
    public static VolumeGeometry Rotated(int nx, int ny, int nz, double si, double sj, double sk, double[] rotation, (double X, double Y, double Z) centre)
    {
        var r = rotation;
        double[] a =
        [
            r[0] * si, r[1] * sj, r[2] * sk, 0,
            r[3] * si, r[4] * sj, r[5] * sk, 0,
            r[6] * si, r[7] * sj, r[8] * sk, 0,
            0, 0, 0, 1,
        ];
        var g = new VolumeGeometry(nx, ny, nz, a);
        var c = g.Centre;
        a[3] = centre.X - c.X;
        a[7] = centre.Y - c.Y;
        a[11] = centre.Z - c.Z;
        return new VolumeGeometry(nx, ny, nz, a);
    }

    /// <summary>The rotation by <paramref name="degrees"/> about the axis (x, y, z) (Rodrigues' formula), row-major.</summary>
    public static double[] Rotation(double x, double y, double z, double degrees)
    {
        var n = Math.Sqrt((x * x) + (y * y) + (z * z));
        (x, y, z) = (x / n, y / n, z / n);
        var t = degrees * Math.PI / 180;
        var (c, s) = (Math.Cos(t), Math.Sin(t));
        var v = 1 - c;
        return
        [
            c + (x * x * v), (x * y * v) - (z * s), (x * z * v) + (y * s),
            (y * x * v) + (z * s), c + (y * y * v), (y * z * v) - (x * s),
            (z * x * v) - (y * s), (z * y * v) + (x * s), c + (z * z * v),
        ];
    }

    public static double[] Multiply3(double[] a, double[] b)
    {
        var m = new double[9];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                m[(3 * r) + c] = (a[3 * r] * b[c]) + (a[(3 * r) + 1] * b[3 + c]) + (a[(3 * r) + 2] * b[6 + c]);
            }
        }

        return m;
    }

    /// <summary>Sets <paramref name="value"/> at every voxel whose centre (patient mm) satisfies <paramref name="inside"/>; returns how many.</summary>
    public static int Paint(byte[] volume, VolumeGeometry g, Func<double, double, double, bool> inside, byte value)
    {
        var count = 0;
        for (var k = 0; k < g.Slices; k++)
        {
            for (var j = 0; j < g.Rows; j++)
            {
                for (var i = 0; i < g.Columns; i++)
                {
                    var (x, y, z) = g.ToPatient(i, j, k);
                    if (inside(x, y, z))
                    {
                        volume[g.IndexOf(i, j, k)] = value;
                        count++;
                    }
                }
            }
        }

        return count;
    }

    /// <summary>Sets <paramref name="value"/> on the index box [i0, i1) × [j0, j1) × [k0, k1).</summary>
    public static int Fill(byte[] volume, VolumeGeometry g, (int I0, int I1) i, (int J0, int J1) j, (int K0, int K1) k, byte value)
    {
        for (var c = k.K0; c < k.K1; c++)
        {
            for (var b = j.J0; b < j.J1; b++)
            {
                for (var a = i.I0; a < i.I1; a++)
                {
                    volume[g.IndexOf(a, b, c)] = value;
                }
            }
        }

        return (i.I1 - i.I0) * (j.J1 - j.J0) * (k.K1 - k.K0);
    }

    /// <summary>A ball test in patient coordinates.</summary>
    public static Func<double, double, double, bool> Ball(double cx, double cy, double cz, double radius) =>
        (x, y, z) => ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) + ((z - cz) * (z - cz)) <= radius * radius;
}
