using System.Globalization;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Inputs;

using DicomNode.Reporting.Composite;

namespace DicomNode.Reporting.StructuredReport;

/// <summary>
/// TID 1500 rows 12–14, Qualitative Evaluations: the notice, what the result rests on less than the method asks, the N
/// and M categories as codes, the counts, the largest node, and one algorithm identification (the staging, with the
/// models and thresholds as parameters). The container admits only CODE and TEXT, so the counts are TEXT under coded
/// concept names; the measured values themselves are NUM items in the measurement groups.
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
            items.Add(Category(content, Concepts.NodeCategoryFinding, n));
        }
        else
        {
            items.Add(content.Text(contains, Concepts.Comment, "N stage not assessed (NX): no lymph-node assessment was made."));
        }

        if (study.MStage is { } m)
        {
            items.Add(Category(content, Concepts.MetastasisCategoryFinding, m));
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

        // Qualitative Evaluations admits one TID 4019: the node's staging, with each model and the thresholds as its
        // parameters (each measurement group names its own model in full).
        var parameters = _author.Algorithms.All.Select(a => $"{a.Name} {a.Version}").Append(Thresholds(study.Thresholds)).ToArray();
        items.AddRange(AlgorithmIdentification(content, contains, $"{_author.Identity.ManufacturerModelName} staging", _author.Identity.SoftwareVersions, parameters));
        return items;
    }

    /// <summary>
    /// A TID 4019 Algorithm Identification: Algorithm Name, Algorithm Version and each Algorithm Parameters, all TEXT
    /// at one level with the relationship of the including row (HAS CONCEPT MOD in a measurement group, CONTAINS in
    /// Qualitative Evaluations). TID 4019's rows 1–3 are siblings (no nesting marks), as the PixelMed validator's
    /// template has them: a version nested under the name is "not in template" there.
    /// </summary>
    internal static IEnumerable<DicomDataset> AlgorithmIdentification(
        ContentItemBuilder content, string relationship, string name, string version, params string[] parameters)
    {
        yield return content.Text(relationship, Concepts.AlgorithmName, name);
        yield return content.Text(relationship, Concepts.AlgorithmVersion, version);
        foreach (var parameter in parameters.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            yield return content.Text(relationship, Concepts.AlgorithmParameters, parameter);
        }
    }

    /// <summary>An N or M category as a CODE (TID 1500 row 13); a value the codes do not cover stays TEXT (row 14).</summary>
    private static DicomDataset Category(ContentItemBuilder content, CodedConcept concept, string category) =>
        CategoryCode(category) is { } code
            ? content.Code(ContentItemBuilder.Contains, concept, code)
            : content.Text(ContentItemBuilder.Contains, concept, category);

    /// <summary>The code of a category the analysis gives ("N0", "N1", "M0", "M1b"); null for any other.</summary>
    internal static CodedConcept? CategoryCode(string category) => category switch
    {
        "N0" => Concepts.N0Category,
        "N1" => Concepts.N1Category,
        "M0" => Concepts.M0Category,
        "M1b" => Concepts.LocalScheme.M1bCategory,
        _ => null,
    };

    private static string Thresholds(AnalysisThresholds thresholds) => string.Create(
        CultureInfo.InvariantCulture,
        $"Bone metastases smaller than {thresholds.MinimumMetastasisVolumeCm3:0.###} cm3 are discarded; a lymph node is suspicious when its short axis exceeds {thresholds.SuspiciousShortAxisMm:0.###} mm.");
}
