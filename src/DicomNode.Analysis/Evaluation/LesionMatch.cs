namespace DicomNode.Analysis.Evaluation;

/// <summary>A truth lesion and the predicted lesions that overlap it.</summary>
/// <param name="Overlaps">Predicted lesion id → voxels shared with this truth lesion.</param>
/// <param name="BestPrediction">The predicted lesion sharing the most voxels (lowest id on a tie); null when undetected.</param>
public sealed record TruthLesionMatch(Lesion Lesion, IReadOnlyDictionary<int, int> Overlaps, Lesion? BestPrediction)
{
    public bool Detected => Overlaps.Count > 0;
}

/// <summary>A predicted lesion, the truth lesions it overlaps, and how it is judged.</summary>
/// <param name="Overlaps">Truth lesion id → shared voxels, counting and ignored truth lesions alike.</param>
public sealed record PredictedLesionMatch(Lesion Lesion, IReadOnlyDictionary<int, int> Overlaps, PredictionOutcome Outcome);

/// <summary>The result of matching predicted lesions to truth lesions on one grid.</summary>
public sealed record LesionMatching(IReadOnlyList<TruthLesionMatch> Truth, IReadOnlyList<PredictedLesionMatch> Predicted, DetectionCounts Counts);
