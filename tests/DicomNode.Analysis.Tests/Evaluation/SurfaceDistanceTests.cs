using DicomNode.Analysis.Evaluation;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using static DicomNode.Analysis.Tests.Evaluation.TestVolumes;

namespace DicomNode.Analysis.Tests.Evaluation;

public sealed class SurfaceDistanceTests
{
    [Fact]
    public void CubesOffsetByThreeVoxels_AreThreeVoxelsApart()
    {
        // Two 10-voxel cubes, the second shifted by 3 along i. Every voxel of the first cube's i = 0 face is 3 from the
        // second cube's i = 3 face and nothing is farther, so HD = 3; those 100 of the 488 surface voxels are more than 5 %,
        // so HD95 = 3 too.
        var g = Grid(20, 14, 14);
        var truth = Empty(g).Cube(1, 2, 2, 2, 10);
        var prediction = Empty(g).Cube(1, 5, 2, 2, 10);

        var d = Assert.Single(SegmentationComparison.Compare(truth, prediction, [1])).Distances;

        Assert.Equal(3.0, d.HausdorffMm!.Value, 1e-9);
        Assert.Equal(3.0, d.Hausdorff95Mm!.Value, 1e-9);
    }

    [Fact]
    public void CubesOffsetAcrossThickSlices_MeasureMillimetresNotVoxels()
    {
        // The same cubes shifted by 3 slices of 2.5 mm on a 0.8 × 0.8 mm in-plane grid: 7.5 mm.
        var g = Grid(14, 14, 20, 0.8, 0.8, 2.5);
        var truth = Empty(g).Cube(1, 2, 2, 2, 10);
        var prediction = Empty(g).Cube(1, 2, 2, 5, 10);

        var d = Assert.Single(SegmentationComparison.Compare(truth, prediction, [1])).Distances;

        Assert.Equal(7.5, d.HausdorffMm!.Value, 1e-9);
        Assert.Equal(7.5, d.Hausdorff95Mm!.Value, 1e-9);
    }

    [Fact]
    public void OneStrayVoxel_SetsTheHausdorffDistanceButNotHd95()
    {
        // A 6-voxel cube and the same cube plus one voxel 20 voxels beyond its face: HD = 20; the stray voxel is 1 of
        // 153 prediction surface voxels, under 5 %, so HD95 = 0.
        var g = Grid(32, 10, 10);
        var truth = Empty(g).Cube(1, 0, 0, 0, 6);
        var prediction = Empty(g).Cube(1, 0, 0, 0, 6).Voxel(1, 25, 2, 2);

        var d = Assert.Single(SegmentationComparison.Compare(truth, prediction, [1])).Distances;

        Assert.Equal(20.0, d.HausdorffMm!.Value, 1e-9);
        Assert.Equal(0.0, d.Hausdorff95Mm!.Value, 1e-9);
    }

    [Fact]
    public void SurfaceVoxels_AreThoseWithAFaceNeighbourOutside()
    {
        var g = Grid(7, 7, 7);
        var volume = Empty(g).Cube(3, 1, 1, 1, 5).Voxel(9, 6, 6, 6);

        var surfaces = SurfaceDistance.SurfaceVoxels(volume);

        Assert.Equal((5 * 5 * 5) - (3 * 3 * 3), surfaces[3]!.Length);
        Assert.DoesNotContain(g.IndexOf(3, 3, 3), surfaces[3]!);
        Assert.Equal([g.IndexOf(6, 6, 6)], surfaces[9]!);
        Assert.Null(surfaces[1]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OnAnObliqueAnisotropicGrid_TheTreeAgreesWithEveryPairCompared(int seed)
    {
        var g = ObliqueGrid(24, 20, 12, 0.9, 1.3, 3.2);
        var random = new Random(seed);
        var truth = Blobs(g, random, 4);
        var prediction = Blobs(g, random, 3);

        var d = Assert.Single(SegmentationComparison.Compare(truth, prediction, [1])).Distances;
        var surfaces = (SurfaceDistance.SurfaceVoxels(truth)[1]!, SurfaceDistance.SurfaceVoxels(prediction)[1]!);
        var forward = BruteForce(g, surfaces.Item1, surfaces.Item2);
        var backward = BruteForce(g, surfaces.Item2, surfaces.Item1);

        Assert.Equal(Math.Max(forward[^1], backward[^1]), d.HausdorffMm!.Value, 1e-9);
        Assert.Equal(Math.Max(SurfaceDistance.Percentile(forward, 95), SurfaceDistance.Percentile(backward, 95)), d.Hausdorff95Mm!.Value, 1e-9);
    }

    [Fact]
    public void Percentile_InterpolatesBetweenClosestRanks()
    {
        Assert.Equal(2.5, SurfaceDistance.Percentile([1.0, 2, 3, 4], 50), 1e-12);
        // 1..20: rank (20 − 1)·0.95 = 18.05, between 19 and 20.
        Assert.Equal(19.05, SurfaceDistance.Percentile(Enumerable.Range(1, 20).Select(v => (double)v).ToList(), 95), 1e-12);
        Assert.Equal(7.0, SurfaceDistance.Percentile([7.0], 95));
    }

    private static LabelVolume Blobs(VolumeGeometry g, Random random, int count)
    {
        var volume = Empty(g);
        for (int n = 0; n < count; n++)
        {
            int i = random.Next(0, g.Columns - 6), j = random.Next(0, g.Rows - 6), k = random.Next(0, g.Slices - 4);
            volume.Box(1, i, i + random.Next(1, 7), j, j + random.Next(1, 7), k, k + random.Next(1, 5));
        }

        return volume;
    }

    /// <summary>The reference: every surface voxel against every other, ascending.</summary>
    private static double[] BruteForce(VolumeGeometry g, int[] from, int[] to)
    {
        (double X, double Y, double Z) At(int v) => g.ToPatient(v % g.Columns, v / g.Columns % g.Rows, v / (g.Columns * g.Rows));
        var result = from.Select(a =>
        {
            var p = At(a);
            return to.Min(b =>
            {
                var q = At(b);
                return Math.Sqrt(((p.X - q.X) * (p.X - q.X)) + ((p.Y - q.Y) * (p.Y - q.Y)) + ((p.Z - q.Z) * (p.Z - q.Z)));
            });
        }).ToArray();
        Array.Sort(result);
        return result;
    }
}
