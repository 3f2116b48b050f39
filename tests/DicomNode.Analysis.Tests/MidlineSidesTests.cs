using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests;

/// <summary>
/// Issue 19, acceptance d (analysis part): a metastasis and a lymph node just beside the midline on each side, and a
/// pubis label the model joined across the midline, in a patient whose midline is not the grid's centre.
/// </summary>
public sealed class MidlineSidesTests
{
    /// <summary>The patient's midline X (mm); the grid's centre is at X = −9.</summary>
    private const double Mid = 7;

    [Fact]
    public void Analyze_LesionsAndNodesBesideTheMidline_TakeTheSideTheirVoxelsLieOn_AndTheJoinedPubisIsSplit()
    {
        var g = TestGrids.Axial(100, 80, 40, 2, 2, 3, (-108, -80, -40));
        var (bones, metastases, nodes) = Labels(g);

        var study = StudyAnalyzer.Analyze([new SeriesLabels(Sequence.Dwi, "1.2.3", g, bones, metastases, nodes)], null, new AnalysisThresholds());
        var series = study.Series[0];

        var pubis = series.Bones.Where(b => b.Bone == Bone.Pubis).ToList();
        Assert.Equal([Side.Right, Side.Left], pubis.Select(p => p.Side));
        Assert.All(pubis[0].Region.Voxels, v => Assert.True(X(g, v) < Mid));
        Assert.All(pubis[1].Region.Voxels, v => Assert.True(X(g, v) > Mid));
        Assert.Equal(40 * 5 * 5, pubis[0].Region.Voxels.Length);

        Assert.Equal(2, series.Metastases.Count);
        Assert.All(series.Metastases, m => Assert.Equal(Bone.Pubis, m.Bone));
        Assert.Equal(Side.Right, series.Metastases.Single(m => m.CentroidLps.X < Mid).Side);
        Assert.Equal(Side.Left, series.Metastases.Single(m => m.CentroidLps.X > Mid).Side);

        Assert.Equal(2, series.Nodes.Count);
        var right = series.Nodes.Single(n => n.CentroidLps.X < Mid);
        var left = series.Nodes.Single(n => n.CentroidLps.X > Mid);
        Assert.Equal((Side.Right, true), (right.Side, right.Suspicious));
        Assert.Equal((Side.Left, false), (left.Side, left.Suspicious));
        Assert.Equal(8.0, left.ShortAxisMm, 6); // exactly the threshold: not above it
    }

    /// <summary>
    /// Lumbar vertebra and sacrum on the midline; one pubis label from 40 mm right to 40 mm left of it; a metastasis in
    /// each pubic bone 4–12 mm from the midline; a 10 mm node on the right and an 8 mm node on the left, 2–12 mm (right) and 2–10 mm (left) from it.
    /// </summary>
    internal static (byte[] Bones, byte[] Metastases, byte[] Nodes) Labels(VolumeGeometry g)
    {
        var bones = new byte[g.VoxelCount];
        var metastases = new byte[g.VoxelCount];
        var nodes = new byte[g.VoxelCount];
        TestGrids.Paint(bones, g, (x, y, z) => Math.Abs(x - Mid) < 12 && y is > 20 and < 60 && z is > 55 and < 75, (byte)Bone.LumbarVertebra);
        TestGrids.Paint(bones, g, (x, y, z) => Math.Abs(x - Mid) < 15 && y is > 30 and < 50 && z is > 15 and < 50, (byte)Bone.Sacrococcyx);
        TestGrids.Paint(bones, g, (x, y, z) => Math.Abs(x - Mid) < 80 && y is > -52 and < -40 && z is > -12 and < 3, (byte)Bone.Pubis);
        TestGrids.Paint(metastases, g, (x, y, z) => x - Mid is > -12 and < -4 && y is > -52 and < -40 && z is > -9 and < 0, 1);
        TestGrids.Paint(metastases, g, (x, y, z) => x - Mid is > 4 and < 12 && y is > -52 and < -40 && z is > -9 and < 0, 1);
        TestGrids.Paint(nodes, g, (x, y, z) => x - Mid is > -12 and < -2 && y is > -25 and < -15 && z is > 10 and < 40, 1);
        TestGrids.Paint(nodes, g, (x, y, z) => x - Mid is > 2 and < 10 && y is > -25 and < -17 && z is > 10 and < 40, 1);
        return (bones, metastases, nodes);
    }

    private static double X(VolumeGeometry g, int v) => g.ToPatient(v % g.Columns, 0, 0).X;
}
