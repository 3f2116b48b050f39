namespace DicomNode.Analysis.Evaluation;

/// <summary>The result of matching predicted lesions to truth lesions on one grid.</summary>
public sealed record LesionMatching(IReadOnlyList<TruthLesionMatch> Truth, IReadOnlyList<PredictedLesionMatch> Predicted, DetectionCounts Counts);
