using DicomNode.Analysis.Evaluation;
using static DicomNode.Analysis.Tests.Evaluation.TestVolumes;

namespace DicomNode.Analysis.Tests.Evaluation;

public sealed class OverlapTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void HalfShiftedCubes_HaveDiceOneHalfAndFullVolumetricSimilarity()
    {
        var g = Grid(12, 12, 12);
        var truth = Empty(g).Cube(1, 2, 2, 2, 4);
        var prediction = Empty(g).Cube(1, 4, 2, 2, 4);

        var result = Assert.Single(SegmentationComparison.Compare(truth, prediction, [1]));

        Assert.Equal(new OverlapCounts(64, 64, 32), result.Overlap);
        Assert.Equal(0.5, result.Dice, Tolerance);
        Assert.Equal(1.0, result.VolumetricSimilarity, Tolerance);
    }

    [Fact]
    public void PredictionInsideTruth_HasDiceAndVolumetricSimilarityFromTheVoxelCounts()
    {
        var g = Grid(10, 10, 10);
        var truth = Empty(g).Box(3, 0, 4, 0, 4, 0, 4);
        var prediction = Empty(g).Box(3, 0, 4, 0, 4, 0, 2);

        var result = Assert.Single(SegmentationComparison.Compare(truth, prediction, [3]));

        // |A| = 64, |B| = 32, |A∩B| = 32: DSC = 64/96, VS = 1 − 32/96.
        Assert.Equal(2.0 / 3, result.Dice, Tolerance);
        Assert.Equal(2.0 / 3, result.VolumetricSimilarity, Tolerance);
    }

    [Fact]
    public void BothEmpty_IsPerfectAgreement()
    {
        var g = Grid(6, 6, 6);
        var result = Assert.Single(SegmentationComparison.Compare(Empty(g), Empty(g), [5]));

        Assert.Equal(1.0, result.Dice);
        Assert.Equal(1.0, result.VolumetricSimilarity);
        Assert.Equal(0.0, result.HausdorffMm);
        Assert.Equal(0.0, result.Hausdorff95Mm);
    }

    [Fact]
    public void EmptyPrediction_HasDiceZeroAndNoHausdorffDistance()
    {
        var g = Grid(6, 6, 6);
        var truth = Empty(g).Cube(2, 1, 1, 1, 3);

        var result = Assert.Single(SegmentationComparison.Compare(truth, Empty(g), [2]));

        Assert.Equal(0.0, result.Dice);
        Assert.Equal(0.0, result.VolumetricSimilarity);
        Assert.Null(result.HausdorffMm);
        Assert.Null(result.Hausdorff95Mm);
    }

    [Fact]
    public void EmptyTruth_HasDiceZeroAndNoHausdorffDistance()
    {
        var g = Grid(6, 6, 6);
        var prediction = Empty(g).Cube(2, 1, 1, 1, 3);

        var result = Assert.Single(SegmentationComparison.Compare(Empty(g), prediction, [2]));

        Assert.Equal(0.0, result.Dice);
        Assert.Null(result.HausdorffMm);
    }

    [Fact]
    public void OneVoxelStructures_AgreeExactlyOrByOneSpacing()
    {
        var g = Grid(5, 5, 5, 0.7, 0.7, 3);
        var truth = Empty(g).Voxel(4, 2, 2, 2);

        var same = Assert.Single(SegmentationComparison.Compare(truth, Empty(g).Voxel(4, 2, 2, 2), [4]));
        var above = Assert.Single(SegmentationComparison.Compare(truth, Empty(g).Voxel(4, 2, 2, 3), [4]));

        Assert.Equal(1.0, same.Dice);
        Assert.Equal(0.0, same.HausdorffMm);
        Assert.Equal(0.0, above.Dice);
        Assert.Equal(1.0, above.VolumetricSimilarity);
        Assert.Equal(3.0, above.HausdorffMm!.Value, 1e-9);
        Assert.Equal(3.0, above.Hausdorff95Mm!.Value, 1e-9);
    }

    [Fact]
    public void LabelsAreComparedEachOnItsOwn()
    {
        var g = Grid(10, 10, 4);
        var truth = Empty(g).Box(1, 0, 5, 0, 10, 0, 4).Box(2, 5, 10, 0, 10, 0, 4);
        var prediction = Empty(g).Box(1, 0, 5, 0, 10, 0, 4).Box(2, 5, 10, 0, 5, 0, 4);

        var results = SegmentationComparison.Compare(truth, prediction, [1, 2, 3]);

        Assert.Equal([1.0, 2.0 / 3, 1.0], results.Select(r => r.Dice));
        Assert.Equal(200 / 1000.0, results[1].TruthVolumeCm3, Tolerance);
        Assert.Equal(100 / 1000.0, results[1].PredictedVolumeCm3, Tolerance);
    }

    [Fact]
    public void VoxelVolume_IsTheDeterminantOfTheAffine_EvenWhenOblique()
    {
        Assert.Equal(0.8 * 0.8 * 2.5, EvaluationGrid.VoxelVolumeMm3(Grid(2, 2, 2, 0.8, 0.8, 2.5)), 1e-12);
        Assert.Equal(0.8 * 0.9 * 2.5, EvaluationGrid.VoxelVolumeMm3(ObliqueGrid(2, 2, 2, 0.8, 0.9, 2.5)), 1e-12);
    }

    [Fact]
    public void VolumesOnDifferentGrids_AreRefused()
    {
        var truth = Empty(Grid(6, 6, 6));
        Assert.Throws<ArgumentException>(() => SegmentationComparison.Compare(truth, Empty(Grid(6, 6, 7)), [1]));
        Assert.Throws<ArgumentException>(() => SegmentationComparison.Compare(truth, Empty(Grid(6, 6, 6, 1, 1, 1.2)), [1]));
    }
}
