using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation;

/// <summary>Everything measured on one subject; the report pools these over subjects.</summary>
/// <param name="Failed">No prediction folder, no findings.json, or status "failed": staged as negative, left out of the segmentation metrics.</param>
/// <param name="PredictedN">The method's N stage, N0 when it failed or gave none (see <paramref name="Notes"/>).</param>
/// <param name="PredictedM">The method's M stage, M0 when it failed or gave none.</param>
/// <param name="ScoreN">The largest node short axis (mm); 0 when failed.</param>
/// <param name="ScoreM">The largest metastasis volume (cm³); 0 when failed.</param>
/// <param name="CountedMetastases">True metastases that count (≥ 0.2 cm³): the subgroup key.</param>
/// <param name="StudyMetastases">Detection by the study verdict (DWI or T1IP); null when neither was analysed.</param>
internal sealed record SubjectEvaluation(
    string Subject,
    bool Failed,
    string? FailureReason,
    string TruthN,
    string TruthM,
    string PredictedN,
    string PredictedM,
    double ScoreN,
    double ScoreM,
    int CountedMetastases,
    IReadOnlyList<SeriesEvaluation> Series,
    DetectionCounts? StudyMetastases,
    IReadOnlyList<string> Notes);
