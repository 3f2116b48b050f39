using DicomNode.Analysis.Evaluation;
using static DicomNode.Analysis.Tests.Evaluation.TestVolumes;

namespace DicomNode.Analysis.Tests.Evaluation;

public sealed class LesionMatchingTests
{
    [Fact]
    public void Components_JoinAcrossCornersWith26Connectivity()
    {
        var g = Grid(8, 8, 8);
        var volume = Empty(g).Voxel(1, 1, 1, 1).Voxel(1, 2, 2, 2).Voxel(1, 5, 5, 5).Voxel(1, 7, 5, 5);

        var components = LesionComponents.Connected(volume, v => v == 1);

        Assert.Equal([2, 1, 1], components.Select(c => c.Voxels.Length));
        Assert.Equal([1, 2, 3], components.Select(c => c.Id));
    }

    [Fact]
    public void Components_KeepTouchingLesionsWithDifferentValuesApart()
    {
        var g = Grid(8, 8, 8);
        var volume = Empty(g).Cube(1, 0, 0, 0, 2).Cube(2, 2, 0, 0, 2).Voxel(200, 4, 0, 0);

        var components = LesionComponents.Connected(volume, v => v is >= 1 and <= 99);

        Assert.Equal([1, 2], components.Select(c => c.LabelValue));
        Assert.All(components, c => Assert.Equal(8, c.Voxels.Length));
    }

    [Fact]
    public void EmptyPrediction_HasRecallZeroAndNoPrecision()
    {
        var g = Grid(10, 10, 10);
        var truth = LesionComponents.ByLabelValue(Empty(g).Cube(1, 1, 1, 1, 3), _ => true);

        var counts = LesionMatcher.Match(truth, []).Counts;

        Assert.Equal(0.0, counts.Recall);
        Assert.Null(counts.Precision);
        Assert.Equal(0.0, counts.F1);
        Assert.Equal(1, counts.MissedTruthLesions);
    }

    [Fact]
    public void EmptyTruth_HasPrecisionZeroAndNoRecall()
    {
        var g = Grid(10, 10, 10);
        var predicted = LesionComponents.Connected(Empty(g).Cube(1, 1, 1, 1, 3), _ => true);

        var counts = LesionMatcher.Match([], predicted).Counts;

        Assert.Null(counts.Recall);
        Assert.Equal(0.0, counts.Precision);
        Assert.Equal(0.0, counts.F1);
        Assert.Equal(1, counts.FalsePositives);
    }

    [Fact]
    public void BothEmpty_LeavesEveryMeasureUndefined()
    {
        var counts = LesionMatcher.Match([], []).Counts;

        Assert.Null(counts.Recall);
        Assert.Null(counts.Precision);
        Assert.Null(counts.F1);
    }

    [Fact]
    public void OneVoxelLesions_AreDetectedByOneSharedVoxelAndMissedByANeighbour()
    {
        var g = Grid(6, 6, 6);
        var truth = new[] { new Lesion(1, 1, [g.IndexOf(2, 2, 2)]) };

        var hit = LesionMatcher.Match(truth, [new Lesion(1, 1, [g.IndexOf(2, 2, 2)])]).Counts;
        var miss = LesionMatcher.Match(truth, [new Lesion(1, 1, [g.IndexOf(3, 2, 2)])]).Counts;

        Assert.Equal((1.0, 1.0, 1.0), (hit.Recall!.Value, hit.Precision!.Value, hit.F1!.Value));
        Assert.Equal((0.0, 0.0, 0.0), (miss.Recall!.Value, miss.Precision!.Value, miss.F1!.Value));
    }

    [Fact]
    public void MixedResult_CountsTruthForRecallAndPredictionsForPrecision()
    {
        // Truth: three lesions; prediction: two overlapping lesion 1 (one of them also lesion 2), two in empty space.
        var g = Grid(30, 10, 10);
        var truthVolume = Empty(g).Cube(1, 0, 0, 0, 4).Cube(2, 5, 0, 0, 2).Cube(3, 20, 0, 0, 3);
        var predictedVolume = Empty(g).Box(1, 2, 6, 0, 2, 0, 2).Box(1, 0, 2, 3, 4, 3, 4).Voxel(1, 10, 8, 8).Voxel(1, 15, 8, 8);
        var truth = LesionComponents.ByLabelValue(truthVolume, _ => true);
        var predicted = LesionComponents.Connected(predictedVolume, _ => true);

        var matching = LesionMatcher.Match(truth, predicted);

        Assert.Equal(new DetectionCounts(3, 2, 4, 2), matching.Counts);
        Assert.Equal(2.0 / 3, matching.Counts.Recall!.Value, 1e-12);
        Assert.Equal(0.5, matching.Counts.Precision!.Value, 1e-12);
        Assert.Equal(4.0 / 7, matching.Counts.F1!.Value, 1e-12);
        // Lesion 1 shares 8 voxels with the first prediction and 2 with the second: the first is its best match.
        Assert.Equal(predicted[0].Id, matching.Truth[0].BestPrediction!.Id);
    }

    [Fact]
    public void PredictionOnALesionThatDoesNotCount_IsNeitherHitNorFalsePositive()
    {
        var g = Grid(20, 10, 10);
        var truthVolume = Empty(g).Cube(1, 0, 0, 0, 3).Voxel(2, 10, 5, 5);
        var counting = LesionComponents.ByLabelValue(truthVolume, v => v == 1);
        var ignored = LesionComponents.ByLabelValue(truthVolume, v => v == 2);
        var predicted = LesionComponents.Connected(Empty(g).Cube(7, 0, 0, 0, 2).Voxel(8, 10, 5, 5), _ => true);

        var matching = LesionMatcher.Match(counting, predicted, ignored);

        Assert.Equal([PredictionOutcome.TruePositive, PredictionOutcome.Ignored], matching.Predicted.Select(p => p.Outcome));
        Assert.Equal(new DetectionCounts(1, 1, 1, 1), matching.Counts);
    }

    [Fact]
    public void StudyVerdict_CountsALesionFoundOnEitherSeries()
    {
        var g = Grid(20, 10, 10);
        var truth = LesionComponents.ByLabelValue(Empty(g).Cube(1, 0, 0, 0, 3).Cube(2, 10, 0, 0, 3), _ => true);
        // DWI finds lesion 1 and a false one; T1 finds lesion 2.
        var dwi = LesionMatcher.Match(truth, LesionComponents.Connected(Empty(g).Voxel(1, 1, 1, 1).Voxel(2, 18, 8, 8), _ => true));
        var t1 = LesionMatcher.Match(truth, LesionComponents.Connected(Empty(g).Voxel(1, 11, 1, 1), _ => true));

        var alone = dwi.Counts;
        var either = StudyDetection.Either([dwi, t1], [[(0, 1)], [(0, 2)], [(1, 1)]]);

        Assert.Equal(0.5, alone.Recall);
        Assert.Equal(new DetectionCounts(2, 2, 3, 2), either);
        Assert.Throws<ArgumentException>(() => StudyDetection.Either([dwi, t1], [[(1, 9)]]));
    }

    [Fact]
    public void OverlappingTruthLesions_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => LesionMatcher.Match([new Lesion(1, 1, [5]), new Lesion(2, 2, [5])], []));
    }
}
