namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Lesion-level detection counts (detected = any voxel of overlap) and the measures built on them. Recall counts truth
/// lesions, precision counts predicted lesions, so one prediction covering two lesions detects both and is one true prediction.
/// </summary>
/// <param name="TruthLesions">Truth lesions that count.</param>
/// <param name="DetectedTruthLesions">Of those, the ones that a predicted lesion overlaps.</param>
/// <param name="PredictedLesions">Predicted lesions that are judged (those overlapping only ignored truth lesions are left out).</param>
/// <param name="TruePredictedLesions">Of those, the ones that overlap a truth lesion that counts.</param>
public readonly record struct DetectionCounts(int TruthLesions, int DetectedTruthLesions, int PredictedLesions, int TruePredictedLesions)
{
    public int MissedTruthLesions => TruthLesions - DetectedTruthLesions;

    public int FalsePositives => PredictedLesions - TruePredictedLesions;

    /// <summary>Detected / truth lesions; undefined (null) without truth lesions.</summary>
    public double? Recall => TruthLesions == 0 ? null : (double)DetectedTruthLesions / TruthLesions;

    /// <summary>True predictions / predictions; undefined (null) without predictions, 0 when there are predictions but no truth.</summary>
    public double? Precision => PredictedLesions == 0 ? null : (double)TruePredictedLesions / PredictedLesions;

    /// <summary>
    /// 2PR / (P + R), and 0 when both are 0. When one is undefined the other is 0 by construction (nothing found, or only
    /// false findings), so F1 is 0; undefined only when both are (no truth lesion and no prediction).
    /// </summary>
    public double? F1
    {
        get
        {
            var (p, r) = (Precision, Recall);
            if (p is null && r is null)
            {
                return null;
            }

            if (p is not { } precision || r is not { } recall || precision + recall == 0)
            {
                return 0;
            }

            return 2 * precision * recall / (precision + recall);
        }
    }

    /// <summary>Pooled counts: lesions of several series or patients taken together.</summary>
    public static DetectionCounts operator +(DetectionCounts a, DetectionCounts b) => new(
        a.TruthLesions + b.TruthLesions,
        a.DetectedTruthLesions + b.DetectedTruthLesions,
        a.PredictedLesions + b.PredictedLesions,
        a.TruePredictedLesions + b.TruePredictedLesions);

    public static DetectionCounts Add(DetectionCounts a, DetectionCounts b) => a + b;
}
