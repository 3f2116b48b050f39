using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Tests;

public sealed class GeometryTests
{
    [Fact]
    public void Invert_ObliqueAffine_GivesTheIdentityWhenMultiplied()
    {
        var a = Oblique(new VolumeGeometry(10, 12, 8, AffineMatrix.Identity())).Affine;

        var product = AffineMatrix.Multiply(a, AffineMatrix.Invert(a));

        var identity = AffineMatrix.Identity();
        for (var n = 0; n < 16; n++)
        {
            Assert.Equal(identity[n], product[n], 12);
        }
    }

    [Fact]
    public void Invert_SingularAffine_Throws()
    {
        double[] flat = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

        Assert.Throws<ArgumentException>(() => AffineMatrix.Invert(flat));
    }

    [Fact]
    public void ToVoxel_InvertsToPatient()
    {
        var g = Oblique(new VolumeGeometry(10, 12, 8, AffineMatrix.Identity()));
        var (x, y, z) = g.ToPatient(1.25, 7.5, 3);

        var (i, j, k) = g.ToVoxel(x, y, z);

        Assert.Equal(1.25, i, 9);
        Assert.Equal(7.5, j, 9);
        Assert.Equal(3, k, 9);
    }

    [Fact]
    public void CreateAligned_BySize_CoversTheSameFieldOfViewAboutTheSameCentre()
    {
        var source = Oblique(new VolumeGeometry(180, 156, 24, AffineMatrix.Identity()));

        var grid = VolumeGeometry.CreateAligned(source, 256, 256, 64);

        AssertClose(source.Centre, grid.Centre);
        Assert.Equal(source.Spacing.I * 180, grid.Spacing.I * 256, 9);
        Assert.Equal(source.Spacing.K * 24, grid.Spacing.K * 64, 9);
        AssertClose(source.Direction(0), grid.Direction(0));
        AssertClose(source.Direction(2), grid.Direction(2));
    }

    [Fact]
    public void CreateAligned_BySpacing_RoundsTheSizeUp()
    {
        var source = new VolumeGeometry(100, 100, 10, [1.2, 0, 0, 0, 0, 1.2, 0, 0, 0, 0, 8, 0, 0, 0, 0, 1]);

        var grid = VolumeGeometry.CreateAligned(source, 1.5, 1.5, 1.5);

        Assert.Equal((80, 80, 54), (grid.Columns, grid.Rows, grid.Slices));
        AssertClose(source.Centre, grid.Centre);
    }

    /// <summary>The grid rotated 20° about an oblique axis with spacings 1.1, 0.9 and 4 mm and an offset origin.</summary>
    internal static VolumeGeometry Oblique(VolumeGeometry g)
    {
        var (ax, ay, az) = (0.3, -0.5, 0.81);
        var n = Math.Sqrt((ax * ax) + (ay * ay) + (az * az));
        (ax, ay, az) = (ax / n, ay / n, az / n);
        var t = 20 * Math.PI / 180;
        var (c, s) = (Math.Cos(t), Math.Sin(t));
        double[,] r =
        {
            { c + (ax * ax * (1 - c)), (ax * ay * (1 - c)) - (az * s), (ax * az * (1 - c)) + (ay * s) },
            { (ay * ax * (1 - c)) + (az * s), c + (ay * ay * (1 - c)), (ay * az * (1 - c)) - (ax * s) },
            { (az * ax * (1 - c)) - (ay * s), (az * ay * (1 - c)) + (ax * s), c + (az * az * (1 - c)) },
        };
        double[] spacing = [1.1, 0.9, 4];
        double[] origin = [-100, -80, 30];
        var a = new double[16];
        for (var row = 0; row < 3; row++)
        {
            for (var col = 0; col < 3; col++)
            {
                a[(4 * row) + col] = r[row, col] * spacing[col];
            }

            a[(4 * row) + 3] = origin[row];
        }

        a[15] = 1;
        return g with { Affine = a };
    }

    private static void AssertClose((double X, double Y, double Z) expected, (double X, double Y, double Z) actual)
    {
        Assert.Equal(expected.X, actual.X, 6);
        Assert.Equal(expected.Y, actual.Y, 6);
        Assert.Equal(expected.Z, actual.Z, 6);
    }
}
