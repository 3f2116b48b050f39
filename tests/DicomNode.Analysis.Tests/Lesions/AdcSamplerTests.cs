using DicomNode.Analysis.Components;
using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Findings;
using DicomNode.Analysis.Lesions;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests.Lesions;

public sealed class AdcSamplerTests
{
    // A map that is linear in patient space: trilinear interpolation reproduces it exactly away from the map's edge. The
    // map stores float32 (as an ImageVolume does), which rounds values near 1000 by up to 3e-5: compare to 3 decimals.
    private static double Linear(double x, double y, double z) => 900 + (3 * x) - (2 * y) + (5 * z);

    [Fact]
    public void Mean_OnAnObliqueMapOfAnotherGrid_IsTheMapAtTheLesionVoxelCentres()
    {
        var map = LinearMap();
        var lesionGrid = TestGrids.Axial(30, 30, 30, 1, 1, 1, (-15, -15, -15));
        var ball = new List<int>();
        for (var v = 0; v < lesionGrid.VoxelCount; v++)
        {
            var (i, j, k) = RegionMeasures.IndexToVoxel(lesionGrid, v);
            var (x, y, z) = lesionGrid.ToPatient(i, j, k);
            if (TestGrids.Ball(2, -3, 4, 6)(x, y, z))
            {
                ball.Add(v);
            }
        }

        var centroid = RegionMeasures.CentroidLps(lesionGrid, ball.ToArray());

        var mean = new AdcSampler(map).Mean(lesionGrid, ball.ToArray());

        Assert.NotNull(mean);
        Assert.Equal(Linear(centroid.X, centroid.Y, centroid.Z), mean.Value, 3);
    }

    [Fact]
    public void Mean_SkipsPointsOutsideTheMap_AndIsNullWhenNoneIsInside()
    {
        var map = new ImageVolume(TestGrids.Axial(10, 10, 10, 2, 2, 2), Enumerable.Repeat(700f, 1000).ToArray());
        var grid = TestGrids.Axial(40, 1, 1, 1, 1, 1, (-10, 5, 5)); // x from −10 to 29; the map's footprint is x ∈ [−1, 19]
        var sampler = new AdcSampler(map);

        Assert.Equal(700.0, sampler.Mean(grid, Enumerable.Range(0, 40).ToArray()));
        Assert.Null(sampler.Mean(grid, Enumerable.Range(0, 9).ToArray())); // x −10 … −2
        Assert.Equal(700.0, sampler.Mean(grid, [9])); // x = −1, the footprint's edge
    }

    [Fact]
    public void Analyze_WithAnAdcMap_GivesEachLesionItsMeanAdc_AndWithoutOneNull()
    {
        var grid = TestGrids.Axial(20, 20, 20, 2, 2, 2, (-20, -20, -20));
        var bones = new byte[grid.VoxelCount];
        TestGrids.Fill(bones, grid, (2, 18), (2, 18), (2, 18), (byte)Bone.Sacrococcyx);
        var mask = new byte[grid.VoxelCount];
        var count = TestGrids.Fill(mask, grid, (6, 12), (6, 12), (6, 12), 1);
        var analysis = BonePostProcessor.Process(bones, grid);
        var voxels = Enumerable.Range(0, grid.VoxelCount).Where(v => mask[v] != 0).ToArray();
        var c = RegionMeasures.CentroidLps(grid, voxels);

        var with = Assert.Single(MetastasisAnalyzer.Analyze(mask, grid, analysis, new AdcSampler(LinearMap()), new AnalysisThresholds()));
        var without = Assert.Single(MetastasisAnalyzer.Analyze(mask, grid, analysis, null, new AnalysisThresholds()));

        Assert.Equal(216, count);
        Assert.Equal(Linear(c.X, c.Y, c.Z), with.MeanAdc!.Value, 3);
        Assert.Null(without.MeanAdc);
    }

    /// <summary>A 3 × 3 × 7 mm map tilted 12°, covering ±60 mm around (1, 2, 3).</summary>
    private static ImageVolume LinearMap()
    {
        var g = TestGrids.Rotated(40, 40, 18, 3, 3, 7, TestGrids.Rotation(1, -0.4, 0.3, 12), (1, 2, 3));
        var values = new float[g.VoxelCount];
        for (var v = 0; v < values.Length; v++)
        {
            var (i, j, k) = RegionMeasures.IndexToVoxel(g, v);
            var (x, y, z) = g.ToPatient(i, j, k);
            values[v] = (float)Linear(x, y, z);
        }

        return new ImageVolume(g, values);
    }
}
