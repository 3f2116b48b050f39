namespace DicomNode.Analysis.Evaluation;

/// <summary>A truth lesion and the predicted lesions that overlap it.</summary>
/// <param name="Overlaps">Predicted lesion id → voxels shared with this truth lesion.</param>
/// <param name="BestPrediction">The predicted lesion sharing the most voxels (lowest id on a tie); null when undetected.</param>
public sealed record TruthLesionMatch(Lesion Lesion, IReadOnlyDictionary<int, int> Overlaps, Lesion? BestPrediction)
{
    public bool Detected => Overlaps.Count > 0;
}
