using System.Text.Json.Serialization;

namespace DicomNode.Evaluation;

/// <summary>
/// <c>findings.json</c>, written by <c>dicomnode analyze</c> per subject and read here: the contract in docs/findings-json.md.
/// </summary>
internal sealed record FindingsFile(
    string? Status,
    string? Reason,
    string? NStage,
    string? MStage,
    int MetastasisCount,
    int SuspiciousNodeCount,
    FindingsScores? Scores,
    IReadOnlyList<FindingsSeries>? Series,
    IReadOnlyList<FindingsStudyMetastasis>? Metastases)
{
    public const string Complete = "complete";
    public const string Failed = "failed";

    /// <exception cref="EvaluationInputException">The file is unreadable or breaks the contract; the message names the file and the field.</exception>
    public static FindingsFile Read(string path)
    {
        var findings = JsonInput.Read<FindingsFile>(path, "the findings");

        if (findings is null || findings.Status is not (Complete or Failed))
        {
            throw new EvaluationInputException($"{path}: \"status\" must be \"complete\" or \"failed\".");
        }

        if (findings.Status == Failed)
        {
            return findings;
        }

        if (findings.Series is null || findings.Scores is null)
        {
            throw new EvaluationInputException($"{path}: a complete result needs \"series\" and \"scores\".");
        }

        foreach (var series in findings.Series)
        {
            if (series.Sequence is not (Sequences.Dwi or Sequences.Adc or Sequences.T1InPhase))
            {
                throw new EvaluationInputException($"{path}: series \"{series.Folder}\": \"sequence\" must be DWI, ADC or T1IP, not \"{series.Sequence}\".");
            }

            if (string.IsNullOrEmpty(series.Folder) || string.IsNullOrEmpty(series.BoneLabels) || string.IsNullOrEmpty(series.LesionLabels))
            {
                throw new EvaluationInputException($"{path}: every series needs \"folder\", \"boneLabels\" and \"lesionLabels\".");
            }
        }

        if (findings.NStage is not (null or "N0" or "N1") || findings.MStage is not (null or "M0" or "M1b"))
        {
            throw new EvaluationInputException($"{path}: \"nStage\" is N0, N1 or null and \"mStage\" is M0, M1b or null.");
        }

        return findings;
    }
}

/// <summary>The per-patient scores behind the AUCs: the largest metastasis volume (cm³) and the largest node short axis (mm).</summary>
internal sealed record FindingsScores(double M, double N);

/// <summary>One analysed series: its label files (relative to the subject folder) and what was found on it.</summary>
internal sealed record FindingsSeries(
    string? Sequence,
    string? SeriesInstanceUid,
    string? Folder,
    string? BoneLabels,
    string? LesionLabels,
    IReadOnlyList<FindingsBone>? Bones,
    IReadOnlyList<FindingsMetastasis>? Metastases,
    IReadOnlyList<FindingsNode>? Nodes);

internal sealed record FindingsBone(int Label, string? Bone, string? Side, double VolumeCm3);

internal sealed record FindingsMetastasis(int Number, int LabelValue, string? Bone, string? Side, double VolumeCm3, double? MeanAdc);

internal sealed record FindingsNode(int Number, int LabelValue, double VolumeCm3, double ShortAxisMm, double LongAxisMm, bool Suspicious);

/// <summary>A metastasis of the study verdict: its number on the DWI and on T1 in-phase (series metastasis numbers; either may be null).</summary>
internal sealed record FindingsStudyMetastasis(int Number, int? Dwi, [property: JsonPropertyName("t1ip")] int? T1InPhase);
