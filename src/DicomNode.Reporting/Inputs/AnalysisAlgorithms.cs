using System.Globalization;
using DicomNode.Analysis.Findings;

namespace DicomNode.Reporting.Inputs;

/// <summary>
/// The models of the cascade, each recorded with the segments and measurements it made. Metastases may come from one
/// model for every sequence (<see cref="Metastases"/>) or from one model per sequence (<see cref="MetastasesBySequence"/>).
/// </summary>
public sealed record AnalysisAlgorithms(AlgorithmIdentity Bones, AlgorithmIdentity Metastases, AlgorithmIdentity Nodes)
{
    /// <summary>The metastasis model of each sequence that has a model of its own; other sequences use <see cref="Metastases"/>.</summary>
    public IReadOnlyDictionary<Sequence, AlgorithmIdentity> MetastasesBySequence { get; init; } = new Dictionary<Sequence, AlgorithmIdentity>();

    /// <summary>The model that found the metastases on a series of <paramref name="sequence"/>.</summary>
    public AlgorithmIdentity MetastasesOn(Sequence sequence) => MetastasesBySequence.GetValueOrDefault(sequence) ?? Metastases;

    /// <summary>Every model once, in cascade order: bones, metastases, nodes.</summary>
    public IReadOnlyList<AlgorithmIdentity> All => [Bones, .. new[] { Metastases }.Concat(MetastasesBySequence.Values).Distinct(), Nodes];

    /// <summary>The three models with Algorithm Parameters written from the thresholds the analysis used.</summary>
    public static AnalysisAlgorithms Create(
        (string Name, string Version) bones, (string Name, string Version) metastases, (string Name, string Version) nodes, AnalysisThresholds thresholds) =>
        Create(bones, [(metastases.Name, metastases.Version, [])], nodes, thresholds);

    /// <summary>
    /// The bone and node models and one or more metastasis models, each with the sequences it runs on; the first
    /// metastasis model also stands for any sequence none of them names.
    /// </summary>
    public static AnalysisAlgorithms Create(
        (string Name, string Version) bones,
        IReadOnlyList<(string Name, string Version, IReadOnlyList<Sequence> Sequences)> metastases,
        (string Name, string Version) nodes,
        AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(metastases);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (metastases.Count == 0)
        {
            throw new ArgumentException("At least one metastasis model is needed.", nameof(metastases));
        }

        var models = metastases.Select(m => (Identity: new AlgorithmIdentity(m.Name, m.Version, MetastasisParameters(thresholds)), m.Sequences)).ToList();
        var bySequence = new Dictionary<Sequence, AlgorithmIdentity>();
        foreach (var (identity, sequences) in models)
        {
            foreach (var sequence in sequences)
            {
                if (!bySequence.TryAdd(sequence, identity))
                {
                    throw new ArgumentException(
                        $"Metastasis models {bySequence[sequence].Name} and {identity.Name} both run on {sequence}; one model per sequence.", nameof(metastases));
                }
            }
        }

        return new AnalysisAlgorithms(
            new AlgorithmIdentity(bones.Name, bones.Version, "two largest connected components per bone label, one for midline bones"),
            models[0].Identity,
            new AlgorithmIdentity(nodes.Name, nodes.Version, NodeParameters(thresholds)))
        {
            MetastasesBySequence = bySequence,
        };
    }

    internal static string MetastasisParameters(AnalysisThresholds thresholds) => string.Create(
        CultureInfo.InvariantCulture, $"run inside the bone mask; components below {thresholds.MinimumMetastasisVolumeCm3:0.###} cm3 discarded");

    internal static string NodeParameters(AnalysisThresholds thresholds) => string.Create(
        CultureInfo.InvariantCulture, $"suspicious when the short axis exceeds {thresholds.SuspiciousShortAxisMm:0.###} mm");
}
