using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation.Plots;

/// <summary>The two Bland–Altman panels of an evaluation: bone volumes by sequence, and lesion volumes (metastases and nodes).</summary>
internal static class AgreementPlot
{
    public static IReadOnlyList<PlotPanel> Panels(IReadOnlyList<SubjectEvaluation> subjects) => Panels(
        ReportBuilder.Pairs(subjects, ReportBuilder.BoneVolumes),
        ReportBuilder.Pairs(subjects, ReportBuilder.MetastasisVolumes),
        ReportBuilder.Pairs(subjects, ReportBuilder.NodeVolumes));

    /// <summary>The panels of given volume pairs, e.g. those of a saved evaluation (<see cref="SavedEvaluation"/>).</summary>
    public static IReadOnlyList<PlotPanel> Panels(IReadOnlyList<VolumePair> bones, IReadOnlyList<VolumePair> metastases, IReadOnlyList<VolumePair> nodes)
    {
        var boneGroups = Sequences.All
            .Select(s => new PlotGroup(s, Points(bones.Where(p => p.Sequence == s))))
            .Where(g => g.Points.Count > 0)
            .ToList();
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
