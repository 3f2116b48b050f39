namespace DicomNode.Imaging.Selection;

/// <summary>
/// How a series is recognised for one role: any ImageType value equal to one of <see cref="ImageTypeTokens"/> or a
/// SeriesDescription matching one of <see cref="Descriptions"/> (case-insensitive regexes), unless an exclusion matches.
/// </summary>
public sealed record RoleRules
{
    public IReadOnlyList<string> ImageTypeTokens { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> Descriptions { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> ExcludeImageTypeTokens { get; init; } = Array.Empty<string>();

    public IReadOnlyList<string> ExcludeDescriptions { get; init; } = Array.Empty<string>();

    /// <summary>"ImageType ADC or DIFFUSION MAP, or descriptions matching 'adc', 'apparent.?diffusion'" — for messages.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (ImageTypeTokens.Count > 0)
        {
            parts.Add("ImageType " + string.Join(" or ", ImageTypeTokens));
        }

        if (Descriptions.Count > 0)
        {
            parts.Add("descriptions matching " + string.Join(", ", Descriptions.Select(d => $"'{d}'")));
        }

        return parts.Count == 0 ? "nothing (no tokens or descriptions configured)" : string.Join(", or ", parts);
    }

    internal CompiledRoleRules Compile() => new(this);
}
