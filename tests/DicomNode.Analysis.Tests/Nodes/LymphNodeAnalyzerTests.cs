using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Findings;
using DicomNode.Analysis.Nodes;
using Xunit.Abstractions;

namespace DicomNode.Analysis.Tests.Nodes;

public sealed class LymphNodeAnalyzerTests
{
    private readonly ITestOutputHelper _output;

    public LymphNodeAnalyzerTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Analyze_EachClusterIsANode_NumberedByShortAxis_SuspiciousOnlyAboveTheThreshold()
    {
        var g = TestGrids.Axial(60, 40, 30);
        var mask = new byte[g.VoxelCount];
        TestGrids.Fill(mask, g, (2, 10), (2, 20), (2, 12), 1); // 8 × 18 × 10 mm: short axis exactly 8, not above it
        TestGrids.Fill(mask, g, (20, 29), (2, 14), (2, 30), 1); // 9 × 12 × 28 mm
        TestGrids.Fill(mask, g, (40, 43), (30, 34), (2, 7), 1); // 3 × 4 × 5 mm

        var nodes = LymphNodeAnalyzer.Analyze(mask, g, new AnalysisThresholds(), Midline.Estimate(g, [], []));

        Assert.Equal([1, 2, 3], nodes.Select(n => n.Number));
        Assert.Equal([9.0, 8.0, 3.0], nodes.Select(n => Math.Round(n.ShortAxisMm, 9)));
        Assert.Equal([28.0, 18.0, 5.0], nodes.Select(n => Math.Round(n.LongAxisMm, 9)));
        Assert.Equal([true, false, false], nodes.Select(n => n.Suspicious));
        Assert.Equal(9 * 12 * 28 / 1000.0, nodes[0].VolumeCm3, 12);
    }

    [Fact]
    public void Analyze_AClusterMostlyInsideBone_IsNoNode_OneHalfInsideStillIs()
    {
        var g = TestGrids.Axial(60, 40, 30);
        var mask = new byte[g.VoxelCount];
        var bone = new byte[g.VoxelCount];
        TestGrids.Fill(bone, g, (0, 30), (0, 40), (0, 30), 3);
        TestGrids.Fill(mask, g, (2, 14), (2, 14), (2, 14), 1); // wholly in bone: a bright metastasis, not a node
        TestGrids.Fill(mask, g, (20, 40), (20, 32), (2, 14), 1); // 10 of its 20 columns in bone: exactly half
        TestGrids.Fill(mask, g, (45, 55), (2, 12), (2, 12), 1); // soft tissue
        TestGrids.Fill(mask, g, (26, 37), (2, 14), (16, 28), 1); // 4 of 11 columns in bone

        var withBone = LymphNodeAnalyzer.Analyze(mask, g, new AnalysisThresholds(), Midline.Estimate(g, [], []), bone);
        var without = LymphNodeAnalyzer.Analyze(mask, g, new AnalysisThresholds(), Midline.Estimate(g, [], []));

        Assert.Equal(4, without.Count);
        Assert.Equal(3, withBone.Count);
        Assert.Contains(without, n => n.VolumeCm3 == 12 * 12 * 12 / 1000.0);
        Assert.Equal([20 * 12 * 12 / 1000.0, 11 * 12 * 12 / 1000.0, 10 * 10 * 10 / 1000.0], withBone.Select(n => n.VolumeCm3).Order().Reverse());
    }

    [Fact]
    public void Analyze_BoneLabelsOfAnotherSize_AreRefused()
    {
        var g = TestGrids.Axial(10, 10, 10);
        Assert.Throws<ArgumentException>(() => LymphNodeAnalyzer.Analyze(new byte[g.VoxelCount], g, new AnalysisThresholds(), Midline.Estimate(g, [], []), new byte[10]));
    }

    [Fact]
    public void Analyze_ANodeTouchingAnotherOnlyAtACorner_IsOneNode()
    {
        var g = TestGrids.Axial(20, 20, 20);
        var mask = new byte[g.VoxelCount];
        TestGrids.Fill(mask, g, (2, 5), (2, 5), (2, 5), 1);
        TestGrids.Fill(mask, g, (5, 8), (5, 8), (5, 8), 1);

        Assert.Single(LymphNodeAnalyzer.Analyze(mask, g, new AnalysisThresholds(), Midline.Estimate(g, [], [])));
    }

    [Theory]
    [InlineData(4, 6, 9, 1)]
    [InlineData(5, 5.5, 11, 2)]
    [InlineData(3, 7, 8, 3)]
    [InlineData(6, 8, 12, 4)]
    public void Analyze_AnObliqueEllipsoidOnADwiGrid_MeasuresItsShortAxisWithinTheSliceThicknessBound(double a, double b, double c, int seed)
    {
        // DWI voxels are 1.6 × 1.6 × 8 mm: a node's extent along the slice axis is known only to a slice, so the short
        // axis can be off by up to the voxel's width along it (at most 1.6 + 1.6 + 8 times the direction cosines).
        var g = TestGrids.Axial(40, 40, 12, 1.6, 1.6, 8, (-31.2, -31.2, -44));
        var random = new Random(seed);
        var r = TestGrids.Rotation(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5, 20 + (60 * random.NextDouble()));
        var offset = (X: random.NextDouble(), Y: random.NextDouble(), Z: 8 * random.NextDouble());
        var mask = new byte[g.VoxelCount];
        TestGrids.Paint(mask, g, (x, y, z) =>
        {
            (x, y, z) = (x - offset.X, y - offset.Y, z - offset.Z);
            var u = (r[0] * x) + (r[3] * y) + (r[6] * z);
            var v = (r[1] * x) + (r[4] * y) + (r[7] * z);
            var w = (r[2] * x) + (r[5] * y) + (r[8] * z);
            return (u * u / (a * a)) + (v * v / (b * b)) + (w * w / (c * c)) <= 1;
        }, 1);

        var node = Assert.Single(LymphNodeAnalyzer.Analyze(mask, g, new AnalysisThresholds(), Midline.Estimate(g, [], [])));

        var shortAxis = (X: r[0], Y: r[3], Z: r[6]);
        var bound = (1.6 * Math.Abs(shortAxis.X)) + (1.6 * Math.Abs(shortAxis.Y)) + (8 * Math.Abs(shortAxis.Z));
        _output.WriteLine($"short axis {2 * a} mm measured {node.ShortAxisMm:F2} mm (error {node.ShortAxisMm - (2 * a):+0.00;-0.00}, bound ±{bound:F2}); long {2 * c} → {node.LongAxisMm:F2}");
        Assert.Equal(2 * a, node.ShortAxisMm, bound);
    }
}
