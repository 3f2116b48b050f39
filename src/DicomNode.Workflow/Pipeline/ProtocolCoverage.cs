using DicomNode.Inference.Manifest;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// Which of the method's sequences (DWI, ADC map, T1 in-phase) a study brought, and what the findings lose by the
/// ones it did not: the sentences the SR, the SEGs and findings.json carry so that a partial protocol is never read as
/// a full one. The sequences the metastasis and node models apply to come from the manifest.
/// </summary>
/// <param name="Present">The sequences selected, in the method's order.</param>
/// <param name="Missing">The method's sequences the study lacks, in the method's order.</param>
/// <param name="Limitations">One sentence per finding that rests on fewer sequences than the method asks, e.g. "T1 in-phase missing: bone metastases from DWI only".</param>
public sealed record ProtocolCoverage(IReadOnlyList<SequenceKind> Present, IReadOnlyList<SequenceKind> Missing, IReadOnlyList<string> Limitations)
{
    /// <summary>The method's sequences in its order: DWI, ADC map, T1 in-phase.</summary>
    public static IReadOnlyList<SequenceKind> Method { get; } = [SequenceKind.Dwi, SequenceKind.Adc, SequenceKind.T1InPhase];

    /// <summary>Every sequence the method asks for is there.</summary>
    public bool IsFull => Missing.Count == 0;

    /// <summary>The short note for Series Descriptions, e.g. "partial: no T1IP"; null for a full protocol.</summary>
    public string? Qualifier => IsFull ? null : "partial: no " + string.Join(", ", Missing.Select(s => s.ToManifestName()));

    /// <param name="present">The sequences the study's selection gave a volume for.</param>
    /// <param name="metastasisSequences">The sequences a metastasis model applies to (DWI and T1 in-phase by the method).</param>
    /// <param name="nodeSequences">The sequences the lymph-node model applies to (DWI by the method).</param>
    public static ProtocolCoverage Of(IEnumerable<SequenceKind> present, IEnumerable<SequenceKind> metastasisSequences, IEnumerable<SequenceKind> nodeSequences)
    {
        ArgumentNullException.ThrowIfNull(present);
        var have = present.ToHashSet();
        var presentInOrder = Method.Where(have.Contains).ToList();
        var missing = Method.Where(s => !have.Contains(s)).ToList();
        var limitations = new List<string>();
        var explained = new HashSet<SequenceKind>();

        var nodesOn = Method.Where(nodeSequences.Contains).ToList();
        if (nodesOn.Count > 0 && !nodesOn.Any(have.Contains))
        {
            limitations.Add($"{Names(nodesOn)} missing: no lymph-node assessment, N stage not assessed");
            explained.UnionWith(nodesOn);
        }

        var metastasesOn = Method.Where(metastasisSequences.Contains).ToList();
        var metastasesMissing = metastasesOn.Where(s => !have.Contains(s)).ToList();
        var metastasesPresent = metastasesOn.Where(have.Contains).ToList();
        if (metastasesOn.Count > 0 && metastasesPresent.Count == 0)
        {
            limitations.Add($"{Names(metastasesMissing)} missing: no bone-metastasis assessment, M stage not assessed");
            explained.UnionWith(metastasesMissing);
        }
        else if (metastasesMissing.Count > 0)
        {
            limitations.Add($"{Names(metastasesMissing)} missing: bone metastases from {Names(metastasesPresent)} only");
            explained.UnionWith(metastasesMissing);
        }

        if (!have.Contains(SequenceKind.Adc) && metastasesPresent.Count > 0)
        {
            limitations.Add($"{Name(SequenceKind.Adc)} missing: no mean ADC of the bone metastases");
            explained.Add(SequenceKind.Adc);
        }

        limitations.AddRange(missing.Where(s => !explained.Contains(s)).Select(s => $"{Name(s)} missing"));
        return new ProtocolCoverage(presentInOrder, missing, limitations);
    }

    /// <summary>The sequence as a radiologist reads it: "DWI", "ADC map", "T1 in-phase".</summary>
    public static string Name(SequenceKind sequence) => sequence switch
    {
        SequenceKind.Dwi => "DWI",
        SequenceKind.Adc => "ADC map",
        _ => "T1 in-phase",
    };

    private static string Names(IReadOnlyList<SequenceKind> sequences) => string.Join(" and ", sequences.Select(Name));
}
