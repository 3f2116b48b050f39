namespace DicomNode.Evaluation;

/// <summary>The sequence names of the findings contract and the truth's series contents they correspond to.</summary>
internal static class Sequences
{
    public const string Dwi = "DWI";
    public const string Adc = "ADC";
    public const string T1InPhase = "T1IP";

    /// <summary>The study verdict's row: a lesion counts when found on DWI or T1 in-phase.</summary>
    public const string DwiOrT1InPhase = "DWI or T1IP";

    public static IReadOnlyList<string> All { get; } = [Dwi, Adc, T1InPhase];

    /// <summary>The sequence of a truth series by its <c>content</c> in truth.json; null for content the method does not analyse.</summary>
    public static string? FromTruthContent(string? content) => content switch
    {
        "Diffusion" => Dwi,
        "Adc" => Adc,
        "T1InPhase" => T1InPhase,
        _ => null,
    };

    /// <summary>The name of each bone label, as the tables print it.</summary>
    public static string BoneName(int label) => label switch
    {
        1 => "lumbar vertebra",
        2 => "sacrococcyx",
        3 => "ilium",
        4 => "acetabulum",
        5 => "femoral head",
        6 => "femoral neck",
        7 => "ischium",
        8 => "pubis",
        _ => $"label {label}",
    };
}
