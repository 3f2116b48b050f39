using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation;

/// <summary>
/// The result of <c>dicomnode evaluate</c>, as written to evaluation.json and printed as tables: segmentation, lesion,
/// node and patient-level measures pooled over subjects, Bland–Altman agreement, and the per-subject detail.
/// </summary>
internal sealed record EvaluationReport(
    string Notice,
    string Truth,
    string Predictions,
    SubjectCounts Subjects,
    IReadOnlyDictionary<string, BoneTable> Bones,
    IReadOnlyList<DetectionRow> Metastases,
    IReadOnlyList<DetectionRow> LymphNodes,
    IReadOnlyList<PatientLevelRow> PatientLevel,
    IReadOnlyList<AgreementRow> BlandAltman,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string> Definitions,
    IReadOnlyList<SubjectRow> PerSubject);

/// <summary>How many subjects were read, evaluated and failed (each failure with its reason).</summary>
internal sealed record SubjectCounts(int Total, int Evaluated, IReadOnlyList<FailedSubject> Failed);

internal sealed record FailedSubject(string Subject, string Reason);

/// <summary>The bone table of one sequence: each label's measures as mean ± SD over the analysed series, and the mean of the 8 labels.</summary>
internal sealed record BoneTable(int Series, IReadOnlyList<BoneRow> Labels, BoneRow MeanOfLabels);

/// <summary>One row of a bone table; <paramref name="Label"/> is null for the mean-of-labels row.</summary>
internal sealed record BoneRow(int? Label, string Bone, SampleSummary Dsc, SampleSummary Vs, SampleSummary HausdorffMm, SampleSummary Hausdorff95Mm);

/// <summary>Pooled lesion-level detection of one sequence (or the study verdict) and one subgroup of patients.</summary>
internal sealed record DetectionRow(
    string Sequence,
    string Subgroup,
    int Patients,
    int TruthLesions,
    int Detected,
    int Missed,
    int Predicted,
    int TruePredicted,
    int FalsePositives,
    double? Recall,
    double? Precision,
    double? F1)
{
    public static DetectionRow From(string sequence, string subgroup, int patients, DetectionCounts c) => new(
        sequence, subgroup, patients, c.TruthLesions, c.DetectedTruthLesions, c.MissedTruthLesions, c.PredictedLesions, c.TruePredictedLesions,
        c.FalsePositives, c.Recall, c.Precision, c.F1);
}

/// <summary>Patient-level diagnosis of one stage (M: M1b positive; N: N1 positive).</summary>
internal sealed record PatientLevelRow(
    string Stage,
    string Positive,
    int Patients,
    int TruePositives,
    int FalseNegatives,
    int TrueNegatives,
    int FalsePositives,
    double? Sensitivity,
    double? Specificity,
    double? Auc,
    double? Kappa,
    double? ObservedAgreement);

/// <summary>Bland–Altman agreement of predicted with true volumes (cm³; difference = predicted − truth).</summary>
internal sealed record AgreementRow(string Measure, string Sequence, int Pairs, double? Bias, double? StandardDeviation, double? LowerLimit, double? UpperLimit);

/// <summary>One subject in detail.</summary>
internal sealed record SubjectRow(
    string Subject,
    string Status,
    string? Reason,
    string TruthN,
    string PredictedN,
    string TruthM,
    string PredictedM,
    double ScoreN,
    double ScoreM,
    int CountedMetastases,
    DetectionRow? StudyMetastases,
    IReadOnlyList<SeriesRow> Series);

internal sealed record SeriesRow(
    string Sequence,
    string Folder,
    IReadOnlyList<BoneResult> Bones,
    DetectionRow Metastases,
    DetectionRow? Nodes,
    DetectionRow? SuspiciousNodes,
    IReadOnlyList<VolumePair> LesionVolumes);

internal sealed record BoneResult(int Label, string Bone, double Dsc, double Vs, double? HausdorffMm, double? Hausdorff95Mm, double TruthCm3, double PredictedCm3);
