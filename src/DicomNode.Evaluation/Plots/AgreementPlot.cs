using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation.Plots;

/// <summary>The two Bland–Altman panels of an evaluation: bone volumes by sequence, and lesion volumes (metastases and nodes).</summary>
internal static class AgreementPlot
{
    public static IReadOnlyList<PlotPanel> Panels(IReadOnlyList<SubjectEvaluation> subjects)
    {
        var bones = ReportBuilder.Pairs(subjects, ReportBuilder.BoneVolumes);
        var boneGroups = Sequences.All
            .Select(s => new PlotGroup(s, Points(bones.Where(p => p.Sequence == s))))
            .Where(g => g.Points.Count > 0)
            .ToList();
        var metastases = ReportBuilder.Pairs(subjects, ReportBuilder.MetastasisVolumes);
        var nodes = ReportBuilder.Pairs(subjects, ReportBuilder.NodeVolumes);
        var lesionGroups = new List<PlotGroup>
        {
            new("Metastases", Points(metastases)),
            new("Nodes", Points(nodes)),
        }.Where(g => g.Points.Count > 0).ToList();

        return
        [
            new PlotPanel("Bone volumes", boneGroups, Analyse(bones)),
            new PlotPanel("Lesion volumes", lesionGroups, Analyse(metastases.Concat(nodes))),
        ];
    }

    private static List<BlandAltmanPoint> Points(IEnumerable<VolumePair> pairs) => Analyse(pairs).Points.ToList();

    private static BlandAltmanAnalysis Analyse(IEnumerable<VolumePair> pairs) =>
        BlandAltmanAnalysis.Of(pairs.Select(p => (p.PredictedCm3, p.TruthCm3)).ToList());
}
