using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests;

public sealed class StudyAnalyzerTests
{
    private static readonly VolumeGeometry Dwi = TestGrids.Axial(60, 40, 12, 2, 2, 6, (-59, -39, -33));
    private static readonly VolumeGeometry T1 = TestGrids.Rotated(120, 80, 36, 1, 1, 2, TestGrids.Rotation(0, 1, 0.3, 7), (0, 0, 0));

    [Fact]
    public void Analyze_WithoutMetastasisOrNodeLabels_StagesNothing()
    {
        var study = StudyAnalyzer.Analyze([Series(Sequence.Dwi, Dwi, lesion: false, withLesions: false, nodes: null)], null, new AnalysisThresholds());

        Assert.Null(study.MStage);
        Assert.Null(study.NStage);
        Assert.Equal(4, study.Series[0].Bones.Count);
    }

    [Fact]
    public void Analyze_EmptyMetastasisAndNodeLabels_AreM0N0()
    {
        var study = StudyAnalyzer.Analyze([Series(Sequence.Dwi, Dwi, lesion: false, withLesions: true, nodes: 0)], null, new AnalysisThresholds());

        Assert.Equal("M0", study.MStage);
        Assert.Equal("N0", study.NStage);
        Assert.Empty(study.Metastases);
    }

    [Fact]
    public void Analyze_AMetastasisOnT1Only_IsM1b()
    {
        var study = StudyAnalyzer.Analyze(
            [Series(Sequence.Dwi, Dwi, lesion: false, withLesions: true, nodes: null), Series(Sequence.T1InPhase, T1, lesion: true, withLesions: true, nodes: null)],
            null,
            new AnalysisThresholds());

        Assert.Equal("M1b", study.MStage);
        var metastasis = Assert.Single(study.Metastases);
        Assert.Null(metastasis.OnDwi);
        Assert.Equal(Bone.Sacrococcyx, metastasis.Primary.Bone);
        Assert.Null(study.NStage);
    }

    [Fact]
    public void Analyze_TheSameMetastasisOnDwiAndT1_IsOneStudyMetastasis_WithTheMeanAdc()
    {
        var adc = new Imaging.ImageVolume(Dwi, Enumerable.Repeat(650f, Dwi.VoxelCount).ToArray());

        var study = StudyAnalyzer.Analyze(
            [Series(Sequence.T1InPhase, T1, lesion: true, withLesions: true, nodes: null), Series(Sequence.Dwi, Dwi, lesion: true, withLesions: true, nodes: null)],
            adc,
            new AnalysisThresholds());

        var metastasis = Assert.Single(study.Metastases);
        Assert.NotNull(metastasis.OnDwi);
        Assert.NotNull(metastasis.OnT1InPhase);
        Assert.Equal(650, metastasis.OnT1InPhase.MeanAdc);
        Assert.Equal(650, metastasis.OnDwi.MeanAdc);
        Assert.Equal([Sequence.T1InPhase, Sequence.Dwi], study.Series.Select(s => s.Sequence));
    }

    [Theory]
    [InlineData(1, "N0", 0)] // 4 × 6 × 12 mm
    [InlineData(2, "N1", 1)] // 12 × 10 × 12 mm
    public void Analyze_NodesOnTheDwi_StageN(int size, string stage, int suspicious)
    {
        var study = StudyAnalyzer.Analyze([Series(Sequence.Dwi, Dwi, lesion: false, withLesions: false, nodes: size)], null, new AnalysisThresholds());

        Assert.Equal(stage, study.NStage);
        Assert.Equal(suspicious, study.SuspiciousNodeCount);
        Assert.Single(study.Nodes);
        Assert.Same(study.Nodes[0], study.LargestNode);
    }

    [Fact]
    public void Analyze_ANodeMaskBlobInsideTheSacrum_IsNoNode()
    {
        // The node model marks a bright bone metastasis: a 12 mm blob inside the sacrum, beside a real large node.
        var dwi = Series(Sequence.Dwi, Dwi, lesion: false, withLesions: false, nodes: 2);
        TestGrids.Paint(dwi.Nodes!, Dwi, TestGrids.Ball(-2, 0, 0, 6), 1);

        var study = StudyAnalyzer.Analyze([dwi], null, new AnalysisThresholds());

        var node = Assert.Single(study.Nodes);
        Assert.True(node.CentroidLps.X > 20, $"the node kept is at x = {node.CentroidLps.X} mm, not beside the left head");
        Assert.Equal("N1", study.NStage);
    }

    [Fact]
    public void Analyze_TheAdcSeries_GetsBonesOnly()
    {
        var adc = Series(Sequence.Adc, Dwi, lesion: true, withLesions: true, nodes: 2);

        var study = StudyAnalyzer.Analyze([adc], null, new AnalysisThresholds());

        var series = Assert.Single(study.Series);
        Assert.Equal(4, series.Bones.Count);
        Assert.Empty(series.Metastases);
        Assert.Empty(series.Nodes);
        Assert.Null(study.MStage);
        Assert.Null(study.NStage);
    }

    [Fact]
    public void Analyze_TwoSeriesOfOneSequence_AreRefused()
    {
        var dwi = Series(Sequence.Dwi, Dwi, lesion: false, withLesions: false, nodes: null);

        var error = Assert.Throws<ArgumentException>(() => StudyAnalyzer.Analyze([dwi, dwi with { SeriesInstanceUid = "1.2.4" }], null, new AnalysisThresholds()));
        Assert.Contains("Dwi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_MetastasisLabelsWithoutBoneLabels_AreRefused()
    {
        var dwi = Series(Sequence.Dwi, Dwi, lesion: true, withLesions: true, nodes: null) with { Bones = null };

        Assert.Throws<ArgumentException>(() => StudyAnalyzer.Analyze([dwi], null, new AnalysisThresholds()));
    }

    [Fact]
    public void Analyze_LabelsThatDoNotFitTheGeometry_AreRefused()
    {
        var dwi = Series(Sequence.Dwi, Dwi, lesion: false, withLesions: false, nodes: null) with { Nodes = new byte[10] };

        Assert.Throws<ArgumentException>(() => StudyAnalyzer.Analyze([dwi], null, new AnalysisThresholds()));
    }

    /// <summary>
    /// A sacrum at the origin, femoral heads at x = ±40 mm and a lumbar vertebra above; optionally a 12 mm ball
    /// metastasis in the sacrum and a node of the given size (1 small, 2 large) beside the left head.
    /// </summary>
    private static SeriesLabels Series(Sequence sequence, VolumeGeometry g, bool lesion, bool withLesions, int? nodes)
    {
        var bones = new byte[g.VoxelCount];
        TestGrids.Paint(bones, g, TestGrids.Ball(0, 0, 0, 16), (byte)Bone.Sacrococcyx);
        TestGrids.Paint(bones, g, TestGrids.Ball(0, 0, 26, 8), (byte)Bone.LumbarVertebra);
        TestGrids.Paint(bones, g, TestGrids.Ball(-40, 0, -10, 10), (byte)Bone.FemoralHead);
        TestGrids.Paint(bones, g, TestGrids.Ball(40, 0, -10, 10), (byte)Bone.FemoralHead);
        byte[]? metastases = null;
        if (withLesions)
        {
            metastases = new byte[g.VoxelCount];
            if (lesion)
            {
                TestGrids.Paint(metastases, g, TestGrids.Ball(2, 1, 0, 7), 1);
            }
        }

        byte[]? nodeMask = null;
        if (nodes is { } size)
        {
            nodeMask = new byte[g.VoxelCount];
            var half = size == 1 ? 3 : 6;
            if (size > 0)
            {
                TestGrids.Paint(nodeMask, g, (x, y, z) => Math.Abs(x - 30) < half && Math.Abs(y - 25) < half && Math.Abs(z) < 6, 1);
            }
        }

        return new SeriesLabels(sequence, "1.2.3." + (int)sequence, g, bones, metastases, nodeMask);
    }
}
