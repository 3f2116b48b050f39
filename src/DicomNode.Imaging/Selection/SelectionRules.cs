using System.Text.Json;

namespace DicomNode.Imaging.Selection;

/// <summary>
/// Site-configurable rules for choosing the method's input series (JSON, camelCase; see the defaults in
/// <see cref="Default"/>). A DWI candidate is any MR series with a b-value in the headers (Frames.DiffusionReader)
/// that is not an ADC map, not excluded by <see cref="Dwi"/> and offers trace-weighted images at that b-value; the
/// target window, then <see cref="CalculatedDwi"/>, then its tokens and descriptions rank the candidates.
/// </summary>
public sealed record SelectionRules
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Defaults covering GE, Philips and Siemens naming (dicom-facts.md §5).</summary>
    public static SelectionRules Default { get; } = new();

    /// <summary>The lowest b-value (s/mm²) accepted as "high b" at all, below the target window only when nothing else is offered.</summary>
    public double MinimumHighB { get; init; } = 500;

    /// <summary>
    /// The b-values the method's models expect (s/mm², inclusive; the source papers used 800 and 1000). An acquired
    /// trace-weighted image in this window is preferred to a higher b-value and to a calculated one; those are chosen
    /// only when the window is empty, and the selection says so.
    /// </summary>
    public double TargetBValueMin { get; init; } = 800;

    /// <summary>The fewest trace-weighted slices a DWI b-value needs to be analysed as a volume.</summary>
    public int MinimumSlices { get; init; } = 5;

    /// <summary>Upper end of the target window; see <see cref="TargetBValueMin"/>.</summary>
    public double TargetBValueMax { get; init; } = 1000;

    /// <summary>
    /// Roles whose absence the protocol check reports with what was looked for. The analysis runs on whatever roles were
    /// found and says in its results which are missing; only a study with none of them is not analysed.
    /// </summary>
    public IReadOnlyList<SeriesRole> Required { get; init; } = [SeriesRole.DwiHighB, SeriesRole.Adc, SeriesRole.T1InPhase];

    /// <summary>Modalities considered; empty for any.</summary>
    public IReadOnlyList<string> Modalities { get; init; } = ["MR"];

    public RoleRules Dwi { get; init; } = new()
    {
        ImageTypeTokens = ["DIFFUSION", "TRACEW", "TRACE", "ISODWI"],
        Descriptions = ["dwi", "diff", "trace"],
        // Maps computed from diffusion data.
        ExcludeImageTypeTokens = ["ADC", "DIFFUSION MAP", "FA", "EADC", "EXP", "TENSOR_B0", "COLFA"],
        ExcludeDescriptions = [@"\bfa\b", @"colfa", "eadc", @"exp[_ ]?adc", @"tensor[_ ]?b0"],
    };

    /// <summary>
    /// DWI series whose high b-value the scanner calculated from lower ones (Siemens "CALC_BVAL"): used only when no
    /// acquired image is in the target window.
    /// </summary>
    public RoleRules CalculatedDwi { get; init; } = new()
    {
        ImageTypeTokens = ["CALC_BVALUE", "CALC_BVAL", "SYNTHETIC"],
        Descriptions = [@"calc[_ ]?b", "calculated", "synthetic"],
    };

    public RoleRules Adc { get; init; } = new()
    {
        ImageTypeTokens = ["ADC", "DIFFUSION MAP"],
        Descriptions = ["adc", @"apparent[ _-]?diff"],
        ExcludeImageTypeTokens = ["EADC", "EXP", "FA"],
        ExcludeDescriptions = ["eadc", @"exp[_ ]?adc"],
    };

    public RoleRules T1InPhase { get; init; } = new()
    {
        ImageTypeTokens = ["IN_PHASE", "IP", "M_IP", "INPHASE"],
        Descriptions = [@"in[ _-]?phase", @"(^|[^a-z])ip($|[^a-z])", @"(^|[ _-])in($|[ _-])"],
        ExcludeImageTypeTokens = ["OUT_PHASE", "OPP_PHASE", "OP", "M_OP", "W", "F", "WATER", "FAT", "ADC", "DIFFUSION"],
        ExcludeDescriptions = ["opp", @"out[ _-]?phase", @"(^|[ _-])(w|f|op|fat|water)$"],
    };

    /// <summary>Reads rules from JSON; members left out keep their defaults. Throws on invalid JSON, patterns or values.</summary>
    public static SelectionRules FromJson(string json)
    {
        var rules = JsonSerializer.Deserialize<SelectionRules>(json, JsonOptions)
            ?? throw new JsonException("Series selection rules are null.");
        rules.Validate();
        return rules;
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonOptions) { WriteIndented = true });

    /// <summary>Checks every pattern compiles and the numbers make sense; throws <see cref="ArgumentException"/> naming the fault.</summary>
    public void Validate()
    {
        if (!double.IsFinite(MinimumHighB) || MinimumHighB <= 0)
        {
            throw new ArgumentException($"minimumHighB must be a positive number of s/mm², not {MinimumHighB}.");
        }

        if (MinimumSlices < 1)
        {
            throw new ArgumentException($"minimumSlices must be at least 1, not {MinimumSlices}.");
        }

        if (!double.IsFinite(TargetBValueMin) || !double.IsFinite(TargetBValueMax) || TargetBValueMin <= 0 || TargetBValueMax < TargetBValueMin)
        {
            throw new ArgumentException($"targetBValueMin and targetBValueMax must be positive with min ≤ max, not {TargetBValueMin} and {TargetBValueMax}.");
        }

        foreach (var role in new[] { Dwi, CalculatedDwi, Adc, T1InPhase })
        {
            _ = role.Compile();
        }
    }

    internal RoleRules For(SeriesRole role) => role switch
    {
        SeriesRole.DwiHighB => Dwi,
        SeriesRole.Adc => Adc,
        SeriesRole.T1InPhase => T1InPhase,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
