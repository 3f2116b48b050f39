using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation;

/// <summary>Pools the per-subject evaluations into the report.</summary>
internal static class ReportBuilder
{
    public const string Notice = "Evaluation against synthetic phantoms: for demonstration and testing only, not a clinical validation.";
    public const string BoneVolumes = "bone volumes";
    public const string MetastasisVolumes = "metastasis volumes";
    public const string NodeVolumes = "node volumes";
    public const string LesionVolumes = "lesion volumes";
    public const string AllSequences = "all";

    /// <summary>The subgroups of patients by their number of metastases that count, as the papers split them.</summary>
    public static IReadOnlyList<(string Name, Func<int, bool> Contains)> Subgroups { get; } =
    [
        ("all", _ => true),
        ("0", n => n == 0),
        ("1", n => n == 1),
        ("2-3", n => n is 2 or 3),
        ("4-5", n => n is 4 or 5),
        (">5", n => n > 5),
    ];

    public static IReadOnlyDictionary<string, string> Definitions { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["dsc"] = "2|A∩B|/(|A|+|B|) per bone label on each series' own grid; both empty: 1; one empty: 0.",
        ["vs"] = "1 − |A−B|/(A+B) on voxel counts; both empty: 1; one empty: 0.",
        ["hausdorff"] = "Symmetric, between surface voxels (a face neighbour outside the label), voxel centres in patient coordinates (mm); both empty: 0; one empty: undefined (n/a), left out of mean ± SD and counted.",
        ["hd95"] = "The larger of the two directed 95th percentiles of nearest-surface distances (linear interpolation between closest ranks); empty cases as Hausdorff.",
        ["boneSummary"] = "Mean ± sample SD over the analysed series of a sequence (one per subject); the mean-of-labels row averages the 8 labels within each series first (defined values only).",
        ["lesionMatching"] = "Truth lesions by id (the value in the truth lesion file); predicted lesions are 26-connected components of each label value. Detected = any voxel of overlap. A true lesion with no voxel on a series' grid is not a truth lesion on that series (noted).",
        ["countingMetastases"] = "Only truth metastases with counts=true (≥ 0.2 cm³) are truth lesions; a predicted lesion overlapping only non-counting truth lesions is ignored (neither TP nor FP).",
        ["recall"] = "Detected truth lesions / truth lesions; undefined without truth lesions.",
        ["precision"] = "Predicted lesions overlapping a counting truth lesion / judged predicted lesions; undefined without predictions; 0 when there are predictions but no truth.",
        ["f1"] = "2PR/(P+R); 0 when either is 0 or when one is undefined and the other 0; undefined when both are undefined.",
        ["studyVerdict"] = "DWI or T1IP: a truth lesion is detected if detected on either; a study metastasis (findings.json metastases[]) is true if its DWI or T1IP component overlaps a counting truth lesion.",
        ["pooling"] = "Lesion counts are pooled over patients (and subgroups by the patient's number of counting metastases) before recall, precision and F1.",
        ["nodes"] = "On the DWI only (the node model's input). All nodes: every truth node against every predicted node component.",
        ["suspiciousNodes"] = "TP: a truth suspicious node overlapped by a predicted suspicious node; FN: a truth suspicious node that no predicted suspicious node overlaps; FP: a predicted suspicious node overlapping no truth suspicious node.",
        ["patientLevel"] = "M positive = M1b, N positive = N1; AUC by Mann–Whitney from findings.json scores.m (largest metastasis cm³) and scores.n (largest node short axis mm), ties counting 1/2; undefined with one class only.",
        ["failedSubjects"] = "A subject with no prediction folder, no findings.json or status failed is listed, staged N0/M0 with scores 0, and left out of the segmentation and lesion metrics.",
        ["kappa"] = "Cohen's kappa of the predicted against the true stage; 1 when observed agreement is 1 (also when every patient has one category).",
        ["blandAltman"] = "Difference = predicted − truth (cm³); bias = mean difference; SD = sample SD; limits = bias ± 1.96 SD. Bones: label voxel volumes per series (pairs where either is non-zero). Lesions: each detected truth lesion's best-overlapping predicted component against truth.json volumeCm3.",
    };

    public static EvaluationReport Build(EvaluationDataset dataset, IReadOnlyList<SubjectEvaluation> subjects)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(subjects);
        var evaluated = subjects.Where(s => !s.Failed).ToList();
        var failed = subjects.Where(s => s.Failed).Select(s => new FailedSubject(s.Subject, s.FailureReason ?? "failed")).ToList();
        var notes = dataset.Notes.Concat(subjects.SelectMany(s => s.Notes)).ToList();

        return new EvaluationReport(
            Notice,
            dataset.TruthRoot,
            dataset.PredictionRoot,
            new SubjectCounts(subjects.Count, evaluated.Count, failed),
            BoneTables(evaluated),
            MetastasisRows(evaluated),
            NodeRows(evaluated),
            [Patients("M", "M1b", subjects, s => (s.TruthM, s.PredictedM, s.ScoreM)), Patients("N", "N1", subjects, s => (s.TruthN, s.PredictedN, s.ScoreN))],
            Agreement(evaluated),
            notes,
            Definitions,
            subjects.Select(Detail).ToList());
    }

    /// <summary>The (predicted, truth) volume pairs behind each Bland–Altman row, for the plot.</summary>
    public static IReadOnlyList<VolumePair> Pairs(IEnumerable<SubjectEvaluation> subjects, string measure)
    {
        var series = subjects.Where(s => !s.Failed).SelectMany(s => s.Series).ToList();
        return measure switch
        {
            BoneVolumes => series.SelectMany(s => s.Bones
                .Where(b => b.Overlap.TruthVoxels + b.Overlap.PredictedVoxels > 0)
                .Select(b => new VolumePair(s.Sequence, $"{s.Folder} {Sequences.BoneName(b.Label)}", b.PredictedVolumeCm3, b.TruthVolumeCm3))).ToList(),
            MetastasisVolumes => series.SelectMany(s => s.MetastasisVolumes).ToList(),
            NodeVolumes => series.SelectMany(s => s.NodeVolumes).ToList(),
            LesionVolumes => series.SelectMany(s => s.MetastasisVolumes.Concat(s.NodeVolumes)).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown measure."),
        };
    }

    private static Dictionary<string, BoneTable> BoneTables(List<SubjectEvaluation> evaluated)
    {
        var tables = new Dictionary<string, BoneTable>(StringComparer.Ordinal);
        foreach (var sequence in Sequences.All)
        {
            var series = evaluated.SelectMany(s => s.Series).Where(s => s.Sequence == sequence).ToList();
            if (series.Count == 0)
            {
                continue;
            }

            var labels = series[0].Bones.Select(b => b.Label).ToList();
            var rows = labels.Select(label =>
            {
                var results = series.Select(s => s.Bones.First(b => b.Label == label)).ToList();
                return new BoneRow(
                    label,
                    Sequences.BoneName(label),
                    SampleSummary.Of(results.Select(r => (double?)r.Dice)),
                    SampleSummary.Of(results.Select(r => (double?)r.VolumetricSimilarity)),
                    SampleSummary.Of(results.Select(r => r.HausdorffMm)),
                    SampleSummary.Of(results.Select(r => r.Hausdorff95Mm)));
            }).ToList();

            // The mean of the labels within each series first, then mean ± SD over series.
            static double? MeanOf(IEnumerable<double?> values) => SampleSummary.Of(values).Mean;
            var mean = new BoneRow(
                null,
                $"mean of {labels.Count} labels",
                SampleSummary.Of(series.Select(s => MeanOf(s.Bones.Select(b => (double?)b.Dice)))),
                SampleSummary.Of(series.Select(s => MeanOf(s.Bones.Select(b => (double?)b.VolumetricSimilarity)))),
                SampleSummary.Of(series.Select(s => MeanOf(s.Bones.Select(b => b.HausdorffMm)))),
                SampleSummary.Of(series.Select(s => MeanOf(s.Bones.Select(b => b.Hausdorff95Mm)))));
            tables[sequence] = new BoneTable(series.Count, rows, mean);
        }

        return tables;
    }

    private static List<DetectionRow> MetastasisRows(List<SubjectEvaluation> evaluated)
    {
        var rows = new List<DetectionRow>();
        foreach (var sequence in Sequences.All.Append(Sequences.DwiOrT1InPhase))
        {
            // Per patient: that sequence's counts (the first series of it), or the study verdict.
            var perPatient = evaluated
                .Select(s => (s.CountedMetastases, Counts: sequence == Sequences.DwiOrT1InPhase
                    ? s.StudyMetastases
                    : s.Series.FirstOrDefault(x => x.Sequence == sequence)?.Metastases))
                .Where(p => p.Counts is not null)
                .ToList();
            if (perPatient.Count == 0)
            {
                continue;
            }

            foreach (var (name, contains) in Subgroups)
            {
                var group = perPatient.Where(p => contains(p.CountedMetastases)).ToList();
                if (group.Count > 0 || name == "all")
                {
                    rows.Add(DetectionRow.From(sequence, name, group.Count, group.Aggregate(default(DetectionCounts), (a, p) => a + p.Counts!.Value)));
                }
            }
        }

        return rows;
    }

    private static List<DetectionRow> NodeRows(List<SubjectEvaluation> evaluated)
    {
        var dwi = evaluated.Select(s => s.Series.FirstOrDefault(x => x.Sequence == Sequences.Dwi && x.Nodes is not null)).OfType<SeriesEvaluation>().ToList();
        if (dwi.Count == 0)
        {
            return [];
        }

        return
        [
            DetectionRow.From(Sequences.Dwi, "all nodes", dwi.Count, dwi.Aggregate(default(DetectionCounts), (a, s) => a + s.Nodes!.Value)),
            DetectionRow.From(Sequences.Dwi, "suspicious nodes", dwi.Count, dwi.Aggregate(default(DetectionCounts), (a, s) => a + s.SuspiciousNodes!.Value)),
        ];
    }

    private static PatientLevelRow Patients(
        string stage, string positive, IReadOnlyList<SubjectEvaluation> subjects, Func<SubjectEvaluation, (string Truth, string Predicted, double Score)> select)
    {
        var calls = subjects.Select(select).ToList();
        var table = DiagnosticCounts.From(calls.Select(c => (c.Truth == positive, c.Predicted == positive)));
        var auc = ReceiverOperatingCharacteristic.Auc(calls.Select(c => (c.Truth == positive, c.Score)).ToList());
        var kappa = CohenKappa.Of(calls.Select(c => (c.Truth, c.Predicted)).ToList());
        return new PatientLevelRow(
            stage, positive, calls.Count, table.TruePositives, table.FalseNegatives, table.TrueNegatives, table.FalsePositives,
            table.Sensitivity, table.Specificity, auc, kappa.Kappa, kappa.ObservedAgreement);
    }

    private static List<AgreementRow> Agreement(List<SubjectEvaluation> evaluated)
    {
        var rows = new List<AgreementRow>();
        foreach (var measure in new[] { BoneVolumes, MetastasisVolumes, NodeVolumes, LesionVolumes })
        {
            var pairs = Pairs(evaluated, measure);
            rows.Add(Row(measure, AllSequences, pairs));
            if (measure is BoneVolumes or MetastasisVolumes)
            {
                foreach (var sequence in Sequences.All)
                {
                    var some = pairs.Where(p => p.Sequence == sequence).ToList();
                    if (some.Count > 0)
                    {
                        rows.Add(Row(measure, sequence, some));
                    }
                }
            }
        }

        return rows;

        static AgreementRow Row(string measure, string sequence, IReadOnlyList<VolumePair> pairs)
        {
            var a = BlandAltmanAnalysis.Of(pairs.Select(p => (p.PredictedCm3, p.TruthCm3)).ToList());
            return new AgreementRow(measure, sequence, a.Count, a.Bias, a.StandardDeviation, a.LowerLimit, a.UpperLimit);
        }
    }

    private static SubjectRow Detail(SubjectEvaluation s) => new(
        s.Subject,
        s.Failed ? FindingsFile.Failed : FindingsFile.Complete,
        s.FailureReason,
        s.TruthN,
        s.PredictedN,
        s.TruthM,
        s.PredictedM,
        s.ScoreN,
        s.ScoreM,
        s.CountedMetastases,
        s.StudyMetastases is { } study ? DetectionRow.From(Sequences.DwiOrT1InPhase, "patient", 1, study) : null,
        s.Series.Select(x => new SeriesRow(
            x.Sequence,
            x.Folder,
            x.Bones.Select(b => new BoneResult(
                b.Label, Sequences.BoneName(b.Label), b.Dice, b.VolumetricSimilarity, b.HausdorffMm, b.Hausdorff95Mm, b.TruthVolumeCm3, b.PredictedVolumeCm3)).ToList(),
            DetectionRow.From(x.Sequence, "patient", 1, x.Metastases),
            x.Nodes is { } n ? DetectionRow.From(x.Sequence, "all nodes", 1, n) : null,
            x.SuspiciousNodes is { } sn ? DetectionRow.From(x.Sequence, "suspicious nodes", 1, sn) : null,
            x.MetastasisVolumes.Concat(x.NodeVolumes).ToList())).ToList());
}
