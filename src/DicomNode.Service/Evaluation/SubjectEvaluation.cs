using DicomNode.Analysis.Evaluation;

namespace DicomNode.Service.Evaluation;

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

/// <summary>One analysed series of a subject, compared with the truth on its own grid.</summary>
/// <param name="Nodes">All-node detection; null unless this is the DWI (the node model's input).</param>
/// <param name="SuspiciousNodes">Suspicious-node detection; null unless this is the DWI.</param>
internal sealed record SeriesEvaluation(
    string Sequence,
    string Folder,
    IReadOnlyList<LabelComparison> Bones,
    DetectionCounts Metastases,
    DetectionCounts? Nodes,
    DetectionCounts? SuspiciousNodes,
    IReadOnlyList<VolumePair> MetastasisVolumes,
    IReadOnlyList<VolumePair> NodeVolumes);

/// <summary>A predicted and a true volume of the same structure (cm³), for Bland–Altman.</summary>
/// <param name="Structure">What was measured, e.g. "phantom-0003 4_Ax_DWI_b800 metastasis 2".</param>
internal sealed record VolumePair(string Sequence, string Structure, double PredictedCm3, double TruthCm3);
