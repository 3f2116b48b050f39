using System.Globalization;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.StructuredReport;

/// <summary>
/// TID 1500 rows 12–14, Qualitative Evaluations: the notice, what the result rests on less than the method asks, N and M stage, the counts, the largest node, and which
/// models and thresholds made the result. The container admits only CODE and TEXT, so numbers are TEXT here; the
/// measured values themselves are NUM items in the measurement groups.
/// </summary>
public sealed partial class MeasurementReportWriter
{
    private List<DicomDataset> Evaluations(ContentItemBuilder content, StudyFindings study, OutputOptions options)
    {
        const string contains = ContentItemBuilder.Contains;
        var items = new List<DicomDataset>();
        if (!string.IsNullOrWhiteSpace(options.Notice))
        {
            items.Add(content.Text(contains, Concepts.Comment, options.Notice));
        }

        // TID 1500 row 14: TEXT in Qualitative Evaluations; the partial protocol before the stages it qualifies.
        foreach (var limitation in options.Limitations.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            items.Add(content.Text(contains, Concepts.Comment, limitation.Trim()));
        }

        if (study.NStage is { } n)
        {
            items.Add(content.Text(contains, Concepts.TumorStageFinding, n));
        }
        else
        {
            items.Add(content.Text(contains, Concepts.Comment, "N stage not assessed (NX): no lymph-node assessment was made."));
        }

        if (study.MStage is { } m)
        {
            items.Add(content.Text(contains, Concepts.MetastasisCategoryFinding, m));
            items.Add(content.Text(
                contains,
                Concepts.NumberOfLesions,
                study.Metastases.Count.ToString(CultureInfo.InvariantCulture),
                content.Code(ContentItemBuilder.HasConceptMod, Concepts.Finding, Concepts.NeoplasmSecondary)));
        }
        else
        {
            items.Add(content.Text(contains, Concepts.Comment, "M stage not assessed (MX): no bone-metastasis assessment was made."));
        }

        if (study.NStage is not null)
        {
            items.Add(content.Text(contains, Concepts.LocalScheme.NumberOfSuspiciousLymphNodes, study.SuspiciousNodeCount.ToString(CultureInfo.InvariantCulture)));
            items.Add(content.Text(
                contains,
                Concepts.LocalScheme.LargestLymphNode,
                study.LargestNode is { } largest
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"Lymph node {largest.Number}: short axis {largest.ShortAxisMm:0.0} mm, volume {largest.VolumeCm3:0.0##} cm3")
                    : "No lymph node found"));
        }

        foreach (var algorithm in _algorithms.All)
        {
            var details = new List<DicomDataset> { content.Text(ContentItemBuilder.HasConceptMod, Concepts.AlgorithmVersion, algorithm.Version) };
            if (!string.IsNullOrWhiteSpace(algorithm.Parameters))
            {
                details.Add(content.Text(ContentItemBuilder.HasConceptMod, Concepts.AlgorithmParameters, algorithm.Parameters));
            }

            items.Add(content.Text(contains, Concepts.AlgorithmName, algorithm.Name, details.ToArray()));
        }

        items.Add(content.Text(contains, Concepts.AlgorithmParameters, Thresholds(study.Thresholds)));
        return items;
    }

    private static string Thresholds(AnalysisThresholds thresholds) => string.Create(
        CultureInfo.InvariantCulture,
        $"Bone metastases smaller than {thresholds.MinimumMetastasisVolumeCm3:0.###} cm3 are discarded; a lymph node is suspicious when its short axis exceeds {thresholds.SuspiciousShortAxisMm:0.###} mm.");
}
