using DicomNode.Analysis.Evaluation;
using DicomNode.Imaging;
using DicomNode.Imaging.IO;

namespace DicomNode.Evaluation;

/// <summary>
/// Evaluates one subject: each series named in findings.json against the truth series of the same folder, on that series'
/// own grid; then the study verdict and the staging.
/// </summary>
internal static class SubjectEvaluator
{
    public const int FirstNodeLabel = 101;
    public const int LastNodeLabel = 199;
    public const int LastMetastasisLabel = 99;

    private static readonly int[] BoneLabels = [1, 2, 3, 4, 5, 6, 7, 8];

    public static SubjectEvaluation Evaluate(SubjectFolders subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var truth = TruthFile.Read(subject.TruthJson);
        var notes = new List<string>();
        int counted = truth.Metastases?.Count(m => m.Counts) ?? 0;
        string truthN = truth.Staging!.N!, truthM = truth.Staging.M!;

        string? failure = !Directory.Exists(subject.Prediction) ? $"no prediction folder {subject.Prediction}"
            : !File.Exists(subject.FindingsJson) ? $"no findings.json in {subject.Prediction}"
            : null;
        var findings = failure is null ? FindingsFile.Read(subject.FindingsJson) : null;
        if (findings?.Status == FindingsFile.Failed)
        {
            failure = $"analysis failed: {findings.Reason ?? "no reason given"}";
        }

        if (failure is not null || findings is null)
        {
            notes.Add($"{subject.Name}: failed ({failure}); staged N0 M0 with scores 0, left out of the segmentation metrics.");
            return new SubjectEvaluation(subject.Name, true, failure, truthN, truthM, "N0", "M0", 0, 0, counted, [], null, notes);
        }

        var series = new List<SeriesEvaluation>();
        var matchings = new Dictionary<string, (FindingsSeries Findings, LesionMatching Matching, IReadOnlyList<Lesion> Components)>();
        var truthByName = (truth.Series ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var predicted in findings.Series!)
        {
            if (!truthByName.TryGetValue(predicted.Folder!, out var truthSeries))
            {
                throw new EvaluationInputException(
                    $"{subject.FindingsJson}: series folder \"{predicted.Folder}\" matches no truth series ({string.Join(", ", truthByName.Keys)}).");
            }

            var expected = Sequences.FromTruthContent(truthSeries.Content);
            if (expected != predicted.Sequence)
            {
                notes.Add($"{subject.Name}: {predicted.Folder} is {truthSeries.Content} in the truth but {predicted.Sequence} in the findings; evaluated as {predicted.Sequence}.");
            }

            var (evaluation, matching, components) = EvaluateSeries(subject, truth, truthSeries, predicted, notes);
            series.Add(evaluation);
            if (!matchings.TryAdd(predicted.Sequence!, (predicted, matching, components)))
            {
                notes.Add($"{subject.Name}: a second {predicted.Sequence} series ({predicted.Folder}) counts in the bone tables; lesion rows and the study verdict use the first.");
            }
        }

        foreach (var truthSeries in truth.Series!)
        {
            if (!findings.Series!.Any(p => p.Folder == truthSeries.Name))
            {
                notes.Add($"{subject.Name}: truth series {truthSeries.Name} has no prediction; not evaluated.");
            }
        }

        var study = StudyVerdict(subject, findings, matchings);
        var (predictedN, predictedM) = (findings.NStage, findings.MStage);
        if (predictedN is null || predictedM is null)
        {
            var missing = string.Join(" and ", new[] { predictedN is null ? "N" : null, predictedM is null ? "M" : null }.OfType<string>());
            notes.Add($"{subject.Name}: findings give no {missing} stage; counted as negative.");
        }

        return new SubjectEvaluation(
            subject.Name, false, null, truthN, truthM, predictedN ?? "N0", predictedM ?? "M0", findings.Scores!.N, findings.Scores.M, counted, series, study, notes);
    }

    private static (SeriesEvaluation, LesionMatching, IReadOnlyList<Lesion>) EvaluateSeries(
        SubjectFolders subject, TruthFile truth, TruthSeries truthSeries, FindingsSeries predicted, List<string> notes)
    {
        var truthBonesPath = subject.TruthPath(truthSeries.BoneLabels ?? Path.Combine("truth", truthSeries.Name + ".nii"));
        var truthLesionsPath = subject.TruthPath(truthSeries.LesionLabels ?? Path.Combine("truth", truthSeries.Name + "_lesions.nii"));
        var predictedBonesPath = subject.PredictionPath(predicted.BoneLabels!);
        var predictedLesionsPath = subject.PredictionPath(predicted.LesionLabels!);
        var truthBones = ReadLabels(truthBonesPath);
        var truthLesions = ReadLabels(truthLesionsPath);
        var predictedBones = EvaluationGrid.OnTruthGrid(ReadLabels(predictedBonesPath), truthBones.Geometry);
        var predictedLesions = EvaluationGrid.OnTruthGrid(ReadLabels(predictedLesionsPath), truthLesions.Geometry);
        RequireSameGrid(truthBones, truthBonesPath, predictedBones, predictedBonesPath);
        RequireSameGrid(truthBones, truthBonesPath, truthLesions, truthLesionsPath);
        RequireSameGrid(truthLesions, truthLesionsPath, predictedLesions, predictedLesionsPath);

        string sequence = predicted.Sequence!;
        string where = $"{subject.Name} {predicted.Folder}";
        var bones = SegmentationComparison.Compare(truthBones, predictedBones, BoneLabels);
        double voxelCm3 = EvaluationGrid.VoxelVolumeMm3(truthBones.Geometry) / 1000;

        // Metastases: truth by id (truth.json says which count); predictions as 26-connected components per label value.
        // A true lesion with no voxel on this grid cannot be seen on this series and is not a truth lesion here.
        var truthMetastases = LesionComponents.ByLabelValue(truthLesions, v => v <= LastMetastasisLabel).ToDictionary(l => l.Id);
        var countedIds = (truth.Metastases ?? []).Where(m => m.Counts).Select(m => m.Id).ToHashSet();
        foreach (var id in countedIds.Where(id => !truthMetastases.ContainsKey(id)).Order())
        {
            notes.Add($"{where}: metastasis {id} has no voxel on this series' grid; not a truth lesion here.");
        }

        var counting = truthMetastases.Values.Where(l => countedIds.Contains(l.Id)).ToList();
        var ignored = truthMetastases.Values.Where(l => !countedIds.Contains(l.Id)).ToList();
        var predictedMetastases = LesionComponents.Connected(predictedLesions, v => v <= LastMetastasisLabel);
        var metastases = LesionMatcher.Match(counting, predictedMetastases, ignored);
        var metastasisVolumes = new List<VolumePair>();
        foreach (var match in metastases.Truth.Where(t => t.BestPrediction is not null))
        {
            var reference = truth.Metastases!.First(m => m.Id == match.Lesion.Id);
            metastasisVolumes.Add(new VolumePair(
                sequence, $"{where} metastasis {reference.Id}", match.BestPrediction!.Voxels.Length * voxelCm3, reference.VolumeCm3));
        }

        DetectionCounts? nodes = null, suspicious = null;
        var nodeVolumes = new List<VolumePair>();
        if (sequence == Sequences.Dwi)
        {
            (nodes, suspicious) = EvaluateNodes(truth, truthLesions, predictedLesions, predicted, where, voxelCm3, nodeVolumes, notes);
        }

        var evaluation = new SeriesEvaluation(sequence, predicted.Folder!, bones, metastases.Counts, nodes, suspicious, metastasisVolumes, nodeVolumes);
        return (evaluation, metastases, predictedMetastases);
    }

    private static (DetectionCounts All, DetectionCounts Suspicious) EvaluateNodes(
        TruthFile truth, LabelVolume truthLesions, LabelVolume predictedLesions, FindingsSeries predicted, string where, double voxelCm3,
        List<VolumePair> volumes, List<string> notes)
    {
        static bool IsNode(int v) => v is >= FirstNodeLabel and <= LastNodeLabel;
        // Every node value in the truth file is a truth node (one that truth.json does not list is taken as not suspicious).
        var all = LesionComponents.ByLabelValue(truthLesions, IsNode).ToList();
        var truthNodes = (truth.LymphNodes ?? []).OrderBy(n => n.Id).ToList();
        foreach (var node in truthNodes.Where(n => !all.Any(l => l.Id == n.Id)))
        {
            notes.Add($"{where}: node {node.Id} has no voxel on this series' grid; not a truth lesion here.");
        }

        var predictedNodes = LesionComponents.Connected(predictedLesions, IsNode);
        var matching = LesionMatcher.Match(all, predictedNodes);
        foreach (var match in matching.Truth.Where(t => t.BestPrediction is not null))
        {
            if (truthNodes.FirstOrDefault(n => n.Id == match.Lesion.Id) is { } reference)
            {
                volumes.Add(new VolumePair(Sequences.Dwi, $"{where} node {reference.Id}", match.BestPrediction!.Voxels.Length * voxelCm3, reference.VolumeCm3));
            }
        }

        // Suspicious nodes: TP = a true suspicious node overlapped by a predicted suspicious node; FN = one that no predicted
        // suspicious node overlaps; FP = a predicted suspicious node that overlaps no true suspicious node.
        var suspiciousIds = truthNodes.Where(n => n.Suspicious).Select(n => n.Id).ToHashSet();
        var predictedSuspiciousValues = (predicted.Nodes ?? []).Where(n => n.Suspicious).Select(n => n.LabelValue).ToHashSet();
        var suspicious = LesionMatcher.Match(
            all.Where(l => suspiciousIds.Contains(l.Id)).ToList(),
            predictedNodes.Where(p => predictedSuspiciousValues.Contains(p.LabelValue)).ToList());
        return (matching.Counts, suspicious.Counts);
    }

    /// <summary>The study verdict: a study metastasis is the DWI and T1IP components its series numbers name.</summary>
    private static DetectionCounts? StudyVerdict(
        SubjectFolders subject, FindingsFile findings, Dictionary<string, (FindingsSeries Findings, LesionMatching Matching, IReadOnlyList<Lesion> Components)> matchings)
    {
        var used = new[] { Sequences.Dwi, Sequences.T1InPhase }.Where(matchings.ContainsKey).ToList();
        if (used.Count == 0)
        {
            return null;
        }

        var studyLesions = new List<IReadOnlyList<(int Series, int PredictedId)>>();
        foreach (var metastasis in findings.Metastases ?? [])
        {
            var parts = new List<(int Series, int PredictedId)>();
            foreach (var (sequence, number) in new[] { (Sequences.Dwi, metastasis.Dwi), (Sequences.T1InPhase, metastasis.T1InPhase) })
            {
                if (number is not { } n)
                {
                    continue;
                }

                int index = used.IndexOf(sequence);
                if (index < 0)
                {
                    throw new EvaluationInputException($"{subject.FindingsJson}: study metastasis {metastasis.Number} names {sequence} lesion {n}, but no {sequence} series is listed.");
                }

                var (series, _, components) = matchings[sequence];
                var labelValue = (series.Metastases ?? []).FirstOrDefault(m => m.Number == n)?.LabelValue
                    ?? throw new EvaluationInputException($"{subject.FindingsJson}: study metastasis {metastasis.Number} names {sequence} lesion {n}, which series {series.Folder} does not list.");
                parts.AddRange(components.Where(c => c.LabelValue == labelValue).Select(c => (index, c.Id)));
            }

            studyLesions.Add(parts);
        }

        return StudyDetection.Either(used.Select(s => matchings[s].Matching).ToList(), studyLesions);
    }

    private static LabelVolume ReadLabels(string path)
    {
        try
        {
            return NiftiLabels.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            throw new EvaluationInputException(ex.Message.Contains(path, StringComparison.Ordinal) ? ex.Message : $"{path}: {ex.Message}", ex);
        }
    }

    private static void RequireSameGrid(LabelVolume a, string aPath, LabelVolume b, string bPath)
    {
        try
        {
            EvaluationGrid.RequireSameGrid(a.Geometry, b.Geometry);
        }
        catch (ArgumentException ex)
        {
            throw new EvaluationInputException($"{bPath} against {aPath}: {ex.Message}", ex);
        }
    }
}
