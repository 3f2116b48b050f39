using System.Text.RegularExpressions;

namespace DicomNode.Imaging.Selection;

/// <summary><see cref="RoleRules"/> with its patterns compiled once per selection.</summary>
internal sealed class CompiledRoleRules
{
    // Patterns come from site configuration; a timeout keeps a pathological one from stalling a job.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly RoleRules _rules;
    private readonly Regex[] _descriptions;
    private readonly Regex[] _excludeDescriptions;

    public CompiledRoleRules(RoleRules rules)
    {
        _rules = rules;
        _descriptions = rules.Descriptions.Select(Compile).ToArray();
        _excludeDescriptions = rules.ExcludeDescriptions.Select(Compile).ToArray();
    }

    public bool MatchesImageType(SeriesSummary s) => _rules.ImageTypeTokens.Any(s.HasImageType);

    public bool MatchesDescription(SeriesSummary s) => _descriptions.Any(r => r.IsMatch(s.Description));

    public bool IsExcluded(SeriesSummary s) =>
        _rules.ExcludeImageTypeTokens.Any(s.HasImageType) || _excludeDescriptions.Any(r => r.IsMatch(s.Description));

    /// <summary>Recognised by ImageType or description and not excluded.</summary>
    public bool Matches(SeriesSummary s) => (MatchesImageType(s) || MatchesDescription(s)) && !IsExcluded(s);

    internal static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Series selection pattern '{pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }
}
