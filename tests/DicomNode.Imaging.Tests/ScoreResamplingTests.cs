using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;

namespace DicomNode.Imaging.Tests;

public sealed class ScoreResamplingTests
{
    // A model grid of 4 × 1 × 1 voxels, 4 mm apart along x; a series grid of 16 × 1 × 1 voxels, 1 mm apart, over the
    // same extent (the model grid's centres are at x = 0, 4, 8, 12; the series' at −1.5 … 13.5).
    private static readonly VolumeGeometry Grid = new(4, 1, 1, [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
    private static readonly VolumeGeometry Series = new(16, 1, 1, [1, 0, 0, -1.5, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

    [Fact]
    public void Argmax_OnTheSameGrid_IsTheArgmaxOfEachVoxel()
    {
        // Classes 0, 1, 2 winning at voxels 0, 1, 2, and a tie between 1 and 2 at voxel 3 (the lower class wins).
        float[] scores = [0.7f, 0.1f, 0.1f, 0.2f, /* class 1 */ 0.2f, 0.8f, 0.3f, 0.4f, /* class 2 */ 0.1f, 0.1f, 0.6f, 0.4f];

        var labels = ScoreResampler.Argmax(Grid, scores, 3, Grid);

        Assert.Equal([0, 1, 2, 1], labels.Labels);
    }

    [Fact]
    public void Argmax_OntoAFinerGrid_PutsTheBoundaryWhereTheScoresCross()
    {
        // Background certain at x = 0 and 4, bone certain at 8 and 12: the scores cross at x = 6, the model voxels'
        // border, where nearest-neighbour labels would put the edge too. A less certain voxel (0.7 / 0.3 at x = 4)
        // moves the crossing to x = 4 + 4 × 0.4 / 1.4 ≈ 5.14, inside that voxel: finer than the model grid.
        float[] sharp = [1, 1, 0, 0, /* bone */ 0, 0, 1, 1];
        float[] soft = [1, 0.7f, 0, 0, /* bone */ 0, 0.3f, 1, 1];

        byte[] fromSharp = ScoreResampler.Argmax(Grid, sharp, 2, Series).Labels;
        byte[] fromSoft = ScoreResampler.Argmax(Grid, soft, 2, Series).Labels;

        // Series voxel i is at x = i − 1.5: bone from x = 6.5 (i = 8) for the sharp scores, from x = 5.5 (i = 7) for the soft.
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)(i >= 8 ? 1 : 0)), fromSharp);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)(i >= 7 ? 1 : 0)), fromSoft);
    }

    [Fact]
    public void Threshold_OfOneUncertainVoxel_KeepsOnlyWhereTheInterpolatedProbabilityReachesIt()
    {
        // One model voxel at 0.9 between zeros: along x the probability is 0.9 · (1 − |x − 4| / 4), at least 0.5 for
        // |x − 4| ≤ 1.78, so the series voxels at x = 2.5 … 5.5 (i = 4 … 7), as nearest neighbour would keep; a 0.6
        // voxel, just over the threshold, shrinks to |x − 4| ≤ 0.67: x = 3.5 and 4.5 only.
        byte[] strong = ScoreResampler.Threshold(Grid, [0, 0.9f, 0, 0], 0.5, 7, Series).Labels;
        byte[] weak = ScoreResampler.Threshold(Grid, [0, 0.6f, 0, 0], 0.5, 7, Series).Labels;

        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)(i is >= 4 and <= 7 ? 7 : 0)), strong);
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)(i is 5 or 6 ? 7 : 0)), weak);
    }

    [Fact]
    public void Decisions_OutsideTheModelGrid_AreBackground()
    {
        // Half a model voxel beyond the outermost centres still belongs to the edge voxel; further out is background.
        var wide = new VolumeGeometry(3, 1, 1, [4, 0, 0, -4, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        float[] scores = [0, 0, 0, 0, /* class 1 */ 1, 1, 1, 1];

        Assert.Equal([0, 1, 1], ScoreResampler.Argmax(Grid, scores, 2, wide).Labels);
        Assert.Equal([0, 3, 3], ScoreResampler.Threshold(Grid, [1, 1, 1, 1], 0.5, 3, wide).Labels);
    }

    [Fact]
    public void Scores_ThatDoNotFillTheGrid_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => ScoreResampler.Argmax(Grid, new float[7], 2, Series));
        Assert.Throws<ArgumentException>(() => ScoreResampler.Threshold(Grid, new float[3], 0.5, 1, Series));
    }
}
