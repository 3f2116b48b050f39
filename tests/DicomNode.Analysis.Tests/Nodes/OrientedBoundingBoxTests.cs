using DicomNode.Analysis.Components;
using DicomNode.Analysis.Nodes;
using DicomNode.Imaging.Geometry;
using Xunit.Abstractions;

namespace DicomNode.Analysis.Tests.Nodes;

public sealed class OrientedBoundingBoxTests
{
    private static readonly double[] Tilt = TestGrids.Rotation(0.4, -1, 0.3, 11);

    private readonly ITestOutputHelper _output;

    public OrientedBoundingBoxTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void OneVoxel_MeasuresAsTheVoxel()
    {
        var g = TestGrids.Rotated(20, 20, 10, 1.6, 1.6, 8, Tilt, (3, 4, 5));

        var box = OrientedBoundingBox.MinimumVolume(g, [g.IndexOf(7, 8, 4)]);

        Assert.Equal(1.6, box.SidesMm[0], 9);
        Assert.Equal(1.6, box.SidesMm[1], 9);
        Assert.Equal(8, box.SidesMm[2], 9);
        Assert.Equal(g.ToPatient(7, 8, 4).X, box.CentreLps.X, 9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ABoxOfVoxels_MeasuresAsTheBox_OnStraightAndObliqueGrids(bool oblique)
    {
        var g = oblique ? TestGrids.Rotated(20, 20, 10, 1.6, 1.6, 8, Tilt, (3, 4, 5)) : TestGrids.Axial(20, 20, 10, 1.6, 1.6, 8);
        var labels = new byte[g.VoxelCount];
        TestGrids.Fill(labels, g, (3, 8), (4, 11), (2, 5), 1); // 5 × 7 × 3 voxels

        var box = OrientedBoundingBox.MinimumVolume(g, Voxels(labels));

        Assert.Equal(8, box.ShortestSideMm, 9);
        Assert.Equal(11.2, box.SidesMm[1], 9);
        Assert.Equal(24, box.LongestSideMm, 9);
    }

    [Fact]
    public void AnObliqueBoxRasterisedFinely_MeasuresWithinOneProjectedVoxelOfItsSides_AndTheSearchBeatsItsTrueAxes()
    {
        // A 6 × 10 × 16 mm box turned 35° about (1, 2, 3) on a 0.5 mm grid: the voxel centres inside it span each side
        // less up to one voxel's projection, and the voxel width adds one projection back: |error| ≤ 0.5·√3 mm.
        var g = TestGrids.Axial(60, 60, 60, 0.5, 0.5, 0.5, (-15, -15, -15));
        var r = TestGrids.Rotation(1, 2, 3, 35);
        var axes = new[] { new Vector3(r[0], r[3], r[6]), new Vector3(r[1], r[4], r[7]), new Vector3(r[2], r[5], r[8]) };
        double[] half = [3, 5, 8];
        var labels = new byte[g.VoxelCount];
        TestGrids.Paint(labels, g, (x, y, z) => Enumerable.Range(0, 3).All(a => Math.Abs(axes[a].Dot(new Vector3(x, y, z))) <= half[a]), 1);
        var voxels = Voxels(labels);

        var box = OrientedBoundingBox.MinimumVolume(g, voxels);
        var atTrueAxes = new MinimumVolumeBoxSearch(g, voxels).VolumeAlong(axes[0], axes[1]);

        _output.WriteLine($"sides {string.Join(" × ", box.SidesMm.Select(s => s.ToString("F3")))} mm against 6 × 10 × 16; volume {box.VolumeMm3:F1} mm³, {atTrueAxes:F1} along the true axes");
        Assert.Equal(6, box.SidesMm[0], 0.5 * Math.Sqrt(3));
        Assert.Equal(10, box.SidesMm[1], 0.5 * Math.Sqrt(3));
        Assert.Equal(16, box.SidesMm[2], 0.5 * Math.Sqrt(3));
        Assert.True(box.VolumeMm3 <= atTrueAxes * (1 + 1e-9), $"the search found {box.VolumeMm3} mm³, the true axes give {atTrueAxes} mm³");
        Assert.True(Math.Abs(box.Axes[0].X * axes[0].X + box.Axes[0].Y * axes[0].Y + box.Axes[0].Z * axes[0].Z) > Math.Cos(3 * Math.PI / 180));
    }

    [Theory]
    [InlineData(3, 5, 9, 0.4, 1)]
    [InlineData(4, 4.5, 12, 0.4, 2)]
    [InlineData(2, 6, 7, 0.5, 3)]
    public void AnObliqueEllipsoidRasterisedFinely_MeasuresItsDiametersWithinOneVoxelDiagonal(double a, double b, double c, double spacing, int seed)
    {
        // The minimum-volume box of an ellipsoid is its principal-axes box, 2a × 2b × 2c.
        var random = new Random(seed);
        var r = TestGrids.Rotation(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5, 20 + (60 * random.NextDouble()));
        var n = (int)Math.Ceiling(2 * (c + 1) / spacing);
        var g = TestGrids.Axial(n, n, n, spacing, spacing, spacing, (-(n - 1) * spacing / 2, -(n - 1) * spacing / 2, -(n - 1) * spacing / 2));
        var labels = new byte[g.VoxelCount];
        TestGrids.Paint(labels, g, Ellipsoid(r, a, b, c), 1);

        var box = OrientedBoundingBox.MinimumVolume(g, Voxels(labels));

        var tolerance = spacing * Math.Sqrt(3);
        _output.WriteLine($"{2 * a} × {2 * b} × {2 * c} mm on {spacing} mm: {string.Join(" × ", box.SidesMm.Select(s => s.ToString("F3")))} (tolerance ±{tolerance:F2})");
        Assert.Equal(2 * a, box.SidesMm[0], tolerance);
        Assert.Equal(2 * b, box.SidesMm[1], tolerance);
        Assert.Equal(2 * c, box.SidesMm[2], tolerance);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TheSearch_IsNoWorseThanTheBestOfManyRandomOrientations(int seed)
    {
        // A ragged random blob on a DWI-like grid: no structure for PCA to lean on.
        var g = TestGrids.Rotated(24, 24, 8, 1.6, 1.6, 8, Tilt, (0, 0, 0));
        var random = new Random(seed);
        var labels = new byte[g.VoxelCount];
        for (var blob = 0; blob < 5; blob++)
        {
            var (x, y, z) = (random.NextDouble() * 14 - 7, random.NextDouble() * 14 - 7, random.NextDouble() * 14 - 7);
            TestGrids.Paint(labels, g, TestGrids.Ball(x, y, z, 4 + (4 * random.NextDouble())), 1);
        }

        var voxels = Voxels(labels);
        var search = new MinimumVolumeBoxSearch(g, voxels);

        var box = OrientedBoundingBox.MinimumVolume(g, voxels);

        var bestRandom = double.PositiveInfinity;
        for (var n = 0; n < 100_000; n++)
        {
            var u = new Vector3(Gaussian(random), Gaussian(random), Gaussian(random));
            var v = new Vector3(Gaussian(random), Gaussian(random), Gaussian(random));
            bestRandom = Math.Min(bestRandom, search.VolumeAlong(u, v));
        }

        _output.WriteLine($"seed {seed}: {voxels.Length} voxels, search {box.VolumeMm3:F1} mm³, best of 100 000 random orientations {bestRandom:F1} mm³");
        Assert.True(box.VolumeMm3 <= bestRandom * (1 + 1e-9), $"search {box.VolumeMm3} > random {bestRandom}");
    }

    private static Func<double, double, double, bool> Ellipsoid(double[] r, double a, double b, double c) => (x, y, z) =>
    {
        var u = (r[0] * x) + (r[3] * y) + (r[6] * z);
        var v = (r[1] * x) + (r[4] * y) + (r[7] * z);
        var w = (r[2] * x) + (r[5] * y) + (r[8] * z);
        return (u * u / (a * a)) + (v * v / (b * b)) + (w * w / (c * c)) <= 1;
    };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int[] Voxels(byte[] labels) => Enumerable.Range(0, labels.Length).Where(v => labels[v] != 0).ToArray();
}
