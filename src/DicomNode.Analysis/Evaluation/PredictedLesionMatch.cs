namespace DicomNode.Analysis.Evaluation;

/// <summary>A predicted lesion, the truth lesions it overlaps, and how it is judged.</summary>
/// <param name="Overlaps">Truth lesion id → shared voxels, counting and ignored truth lesions alike.</param>
public sealed record PredictedLesionMatch(Lesion Lesion, IReadOnlyDictionary<int, int> Overlaps, PredictionOutcome Outcome);
