using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Findings;
using DicomNode.Analysis.Lesions;

namespace DicomNode.Analysis.Tests.Lesions;

public sealed class MetastasisAnalyzerTests
{
    // 2 × 2 × 2 mm voxels: 25 voxels are exactly 0.2 cm³.
    private static readonly Imaging.Geometry.VolumeGeometry Grid = TestGrids.Axial(40, 20, 20, 2, 2, 2, (-40, -20, -20));

    [Theory]
    [InlineData(24, 0)] // 0.192 cm³: below the threshold
    [InlineData(25, 1)] // 0.200 cm³: at it, counts
    [InlineData(26, 1)] // 0.208 cm³: above it
    public void Analyze_DropsLesionsBelowTheMinimumVolume(int voxels, int expected)
    {
        var (bones, mask) = TwoBones();
        var lesion = LesionVoxels(24, voxels); // inside the right-hand bone block

        foreach (var v in lesion)
        {
            mask[v] = 1;
        }

        var findings = MetastasisAnalyzer.Analyze(mask, Grid, bones, null, new AnalysisThresholds());

        Assert.Equal(expected, findings.Count);
        if (expected == 1)
        {
            Assert.Equal(voxels * 8 / 1000.0, findings[0].VolumeCm3, 12);
        }
    }

    [Fact]
    public void Analyze_CountsOnlyTheLesionVoxelsInsideTheKeptBone()
    {
        var (bones, mask) = TwoBones();
        TestGrids.Fill(mask, Grid, (2, 7), (5, 10), (5, 10), 1); // 5 columns, 3 of them in bone (i 4–6), 2 outside

        var findings = MetastasisAnalyzer.Analyze(mask, Grid, bones, null, new AnalysisThresholds(MinimumMetastasisVolumeCm3: 0));

        var lesion = Assert.Single(findings);
        Assert.Equal(3 * 5 * 5, lesion.Region.Voxels.Length);
        Assert.All(lesion.Region.Voxels, v => Assert.NotEqual(0, bones.Labels[v]));
    }

    [Fact]
    public void Analyze_LocatesALesionInTheBoneItOverlapsMost()
    {
        var (bones, mask) = TwoBones();

        // Right ilium is i 4–15, right acetabulum i 16–19 (both at x < 0): 3 columns in the ilium, 4 in the acetabulum.
        TestGrids.Fill(mask, Grid, (13, 20), (5, 10), (5, 10), 1);

        var lesion = Assert.Single(MetastasisAnalyzer.Analyze(mask, Grid, bones, null, new AnalysisThresholds()));

        Assert.Equal((Bone.Acetabulum, Side.Right), (lesion.Bone, lesion.Side));
    }

    [Fact]
    public void Analyze_AnEvenSplit_GoesToTheLargerBone()
    {
        var (bones, mask) = TwoBones();
        TestGrids.Fill(mask, Grid, (14, 18), (5, 10), (5, 10), 1); // 2 columns of ilium, 2 of acetabulum

        var lesion = Assert.Single(MetastasisAnalyzer.Analyze(mask, Grid, bones, null, new AnalysisThresholds()));

        Assert.Equal(Bone.Ilium, lesion.Bone);
    }

    [Fact]
    public void Analyze_NumbersLesionsByDecreasingVolume_AndGivesTheirSideAndCentroid()
    {
        var (bones, mask) = TwoBones();
        TestGrids.Fill(mask, Grid, (5, 8), (2, 5), (2, 5), 1); // 27 voxels, right (x < 0)
        TestGrids.Fill(mask, Grid, (25, 29), (10, 14), (10, 14), 1); // 64 voxels, left (x > 0)

        var findings = MetastasisAnalyzer.Analyze(mask, Grid, bones, null, new AnalysisThresholds());

        Assert.Equal([1, 2], findings.Select(f => f.Number));
        Assert.Equal([64, 27], findings.Select(f => f.Region.Voxels.Length));
        Assert.Equal([Side.Left, Side.Right], findings.Select(f => f.Side));
        Assert.Equal((-40 + (2 * 26.5), -20 + (2 * 11.5), -20 + (2 * 11.5)), findings[0].CentroidLps);
        Assert.All(findings, f => Assert.Null(f.MeanAdc));
    }

    [Fact]
    public void Locator_ALesionOutsideEveryBone_GoesToTheNearestBoneCentroid()
    {
        var (bones, _) = TwoBones();
        var locator = new LesionLocator(Grid, bones.Findings);
        int[] voxels = [Grid.IndexOf(21, 1, 1)]; // x = +2 mm, in the gap between the blocks, nearer the left acetabulum

        var bone = locator.Locate(voxels, Grid.ToPatient(21, 1, 1));

        Assert.Equal((Bone.Acetabulum, Side.Left), (bone.Bone, bone.Side));
    }

    /// <summary>
    /// Mirror-image bones on a grid spanning x = −40 … +38 mm (x = −40 + 2i): ilium i 4–15 and acetabulum i 16–19 on the
    /// patient's right (x &lt; 0), a gap at i 20–21, acetabulum i 22–25 and ilium i 26–37 on the left.
    /// </summary>
    private static (BoneAnalysis Bones, byte[] Mask) TwoBones()
    {
        var labels = new byte[Grid.VoxelCount];
        TestGrids.Fill(labels, Grid, (4, 16), (0, 20), (0, 20), (byte)Bone.Ilium);
        TestGrids.Fill(labels, Grid, (16, 20), (0, 20), (0, 20), (byte)Bone.Acetabulum);
        TestGrids.Fill(labels, Grid, (22, 26), (0, 20), (0, 20), (byte)Bone.Acetabulum);
        TestGrids.Fill(labels, Grid, (26, 38), (0, 20), (0, 20), (byte)Bone.Ilium);
        return (BonePostProcessor.Process(labels, Grid), new byte[Grid.VoxelCount]);
    }

    /// <summary>The first <paramref name="count"/> voxels of a 5 × 5 × 2 block starting at column <paramref name="i0"/>.</summary>
    private static IEnumerable<int> LesionVoxels(int i0, int count) =>
        (from k in Enumerable.Range(5, 2) from j in Enumerable.Range(5, 5) from i in Enumerable.Range(i0, 5) select Grid.IndexOf(i, j, k)).Take(count);
}
