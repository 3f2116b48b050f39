using DicomNode.Dicom.Dictionary;

namespace DicomNode.Workflow.Routing;

/// <summary>Output profiles: the names a configuration lists, and which kind of result a written object is.</summary>
public static class ResultProfile
{
    /// <summary>The names a destination's Outputs may list, as configuration spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = [nameof(ResultOutputs.Seg), nameof(ResultOutputs.Sr), nameof(ResultOutputs.KeyImages), nameof(ResultOutputs.Pdf)];

    /// <summary>The profile a list of names gives (case-insensitive); null or empty gives <see cref="ResultOutputs.Default"/>; unknown names are ignored here (see <see cref="Unknown"/>).</summary>
    public static ResultOutputs Parse(IEnumerable<string>? names)
    {
        var list = names?.Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (list is null || list.Count == 0)
        {
            return ResultOutputs.Default;
        }

        var outputs = ResultOutputs.None;
        foreach (var name in list)
        {
            if (Find(name) is { } output)
            {
                outputs |= output;
            }
        }

        return outputs;
    }

    /// <summary>The names in <paramref name="names"/> that are no output, as written.</summary>
    public static IReadOnlyList<string> Unknown(IEnumerable<string>? names) =>
        names?.Where(n => !string.IsNullOrWhiteSpace(n) && Find(n) is null).ToList() ?? [];

    /// <summary>
    /// The kind of result an object of this SOP class is; null for any other class (such an object is always sent, the
    /// profile choosing only among the four kinds).
    /// </summary>
    public static ResultOutputs? KindOf(string? sopClassUid) => sopClassUid switch
    {
        DicomUids.SegmentationStorage => ResultOutputs.Seg,
        DicomUids.EnhancedSRStorage or DicomUids.ComprehensiveSRStorage or DicomUids.Comprehensive3DSRStorage or DicomUids.BasicTextSRStorage => ResultOutputs.Sr,
        DicomUids.SecondaryCaptureImageStorage => ResultOutputs.KeyImages,
        DicomUids.EncapsulatedPDFStorage => ResultOutputs.Pdf,
        _ => null,
    };

    private static ResultOutputs? Find(string name) =>
        Names.FirstOrDefault(n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known ? Enum.Parse<ResultOutputs>(known) : null;
}
