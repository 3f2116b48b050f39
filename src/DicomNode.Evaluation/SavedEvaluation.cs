using System.Text.RegularExpressions;

namespace DicomNode.Evaluation;

/// <summary>
/// The volume pairs of an evaluation as <see cref="EvaluationJson"/> wrote it, read back so that its plots can be drawn
/// again without evaluating (<c>dicomnode evaluate --replot</c>): per subject that did not fail, every bone of every
/// series with a voxel in the truth or the prediction, and the metastases and lymph nodes of each series' lesion
/// volumes — the pairs <see cref="ReportBuilder.Pairs"/> gives the plot when it evaluates.
/// </summary>
internal static partial class SavedEvaluation
{
    /// <exception cref="EvaluationInputException">The file is missing, is not JSON, or holds no per-subject detail.</exception>
    public static (IReadOnlyList<VolumePair> Bones, IReadOnlyList<VolumePair> Metastases, IReadOnlyList<VolumePair> Nodes) VolumePairs(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var saved = JsonInput.Read<SavedReport>(path, "the saved evaluation");
        if (saved?.PerSubject is not { } subjects)
        {
            throw new EvaluationInputException($"{path}: no \"perSubject\" detail; write it again with dicomnode evaluate --json");
        }

        var series = subjects.Where(s => s.Status != FindingsFile.Failed).SelectMany(s => s.Series ?? []).ToList();
        var bones = series.SelectMany(s => (s.Bones ?? [])
                .Where(b => b.TruthCm3 + b.PredictedCm3 > 0)
                .Select(b => new VolumePair(s.Sequence, $"{s.Folder} {b.Bone}", b.PredictedCm3, b.TruthCm3)))
            .ToList();
        var lesions = series.SelectMany(s => s.LesionVolumes ?? []).ToList();
        var unknown = lesions.FirstOrDefault(l => !MetastasisName().IsMatch(l.Structure) && !NodeName().IsMatch(l.Structure));
        if (unknown is not null)
        {
            throw new EvaluationInputException($"{path}: lesion volume \"{unknown.Structure}\" is neither a metastasis nor a node");
        }

        return (bones, lesions.Where(l => MetastasisName().IsMatch(l.Structure)).ToList(), lesions.Where(l => NodeName().IsMatch(l.Structure)).ToList());
    }

    // SubjectEvaluator names a lesion's pair "<subject> <series folder> metastasis <id>" or "... node <id>".
    [GeneratedRegex(@" metastasis [^ ]+$")]
    private static partial Regex MetastasisName();

    [GeneratedRegex(@" node [^ ]+$")]
    private static partial Regex NodeName();

    private sealed record SavedReport(IReadOnlyList<SavedSubject>? PerSubject);

    private sealed record SavedSubject(string Status, IReadOnlyList<SavedSeries>? Series);

    private sealed record SavedSeries(string Sequence, string Folder, IReadOnlyList<BoneResult>? Bones, IReadOnlyList<VolumePair>? LesionVolumes);
}
