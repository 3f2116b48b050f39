using System.Globalization;
using DicomNode.Analysis.Findings;

namespace DicomNode.Reporting.Inputs;

/// <summary>The three models of the cascade, each recorded with the segments and measurements it made.</summary>
public sealed record AnalysisAlgorithms(AlgorithmIdentity Bones, AlgorithmIdentity Metastases, AlgorithmIdentity Nodes)
{
    /// <summary>The three models with Algorithm Parameters written from the thresholds the analysis used.</summary>
    public static AnalysisAlgorithms Create(
        (string Name, string Version) bones, (string Name, string Version) metastases, (string Name, string Version) nodes, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return new AnalysisAlgorithms(
            new AlgorithmIdentity(bones.Name, bones.Version, "two largest connected components per bone label, one for midline bones"),
            new AlgorithmIdentity(metastases.Name, metastases.Version, MetastasisParameters(thresholds)),
            new AlgorithmIdentity(nodes.Name, nodes.Version, NodeParameters(thresholds)));
    }

    internal static string MetastasisParameters(AnalysisThresholds thresholds) => string.Create(
        CultureInfo.InvariantCulture, $"run inside the bone mask; components below {thresholds.MinimumMetastasisVolumeCm3:0.###} cm3 discarded");

    internal static string NodeParameters(AnalysisThresholds thresholds) => string.Create(
        CultureInfo.InvariantCulture, $"suspicious when the short axis exceeds {thresholds.SuspiciousShortAxisMm:0.###} mm");
}
