using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Routing;

/// <summary>
/// Where results go (bound by the host, section e.g. "Routing"; reloaded while running). Results go to
/// the destination named for the calling AE title of the study in <see cref="RouteByCallingAe"/>, else
/// to <see cref="DefaultDestination"/>.
/// </summary>
public sealed record RoutingOptions
{
    public List<DestinationOptions> Destinations { get; init; } = new();

    /// <summary>Calling AE title (exact, case-sensitive, trimmed) → destination name.</summary>
    public Dictionary<string, string> RouteByCallingAe { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Destination name for callers without a route of their own; null sends nothing for them (the job fails with the reason).</summary>
    public string? DefaultDestination { get; init; }

    /// <summary>
    /// Every kind of result some destination asks for: what a job writes, so that whichever destination its study is
    /// routed to finds its profile written. <see cref="ResultOutputs.Default"/> when no destination is configured.
    /// </summary>
    public ResultOutputs RequestedOutputs =>
        Destinations.Count == 0 ? ResultOutputs.Default : Destinations.Aggregate(ResultOutputs.None, (all, d) => all | d.Profile);

    /// <summary>Problems with the values, each naming the key and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Routing")
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Destinations.Count; i++)
        {
            var d = Destinations[i];
            var key = $"{section}:Destinations:{i}";
            if (!NodeDataLayout.IsValidDestinationName(d.Name))
            {
                errors.Add($"{key}:Name '{d.Name}' is not valid; use 1–64 letters, digits, '-', '_' or '.'.");
            }
            else if (!names.Add(d.Name))
            {
                errors.Add($"{key}:Name '{d.Name}' is used twice; give each destination its own name.");
            }

            if (!IsValidAeTitle(d.AeTitle))
            {
                errors.Add($"{key}:AeTitle '{d.AeTitle}' is not valid; use 1–16 printable ASCII characters without backslash (PS3.5 AE VR).");
            }

            if (string.IsNullOrWhiteSpace(d.Host))
            {
                errors.Add($"{key}:Host is empty; set the destination's host name or IP address.");
            }

            if (d.Port is < 1 or > 65535)
            {
                errors.Add($"{key}:Port is {d.Port}; set a TCP port between 1 and 65535.");
            }

            foreach (var unknown in ResultProfile.Unknown(d.Outputs))
            {
                errors.Add($"{key}:Outputs names '{unknown}', which is not a result; use {string.Join(", ", ResultProfile.Names)} (or leave Outputs out for Seg, Sr, KeyImages).");
            }
        }

        foreach (var (ae, destination) in RouteByCallingAe)
        {
            if (!names.Contains(destination))
            {
                errors.Add($"{section}:RouteByCallingAe:{ae} names '{destination}', which is not in {section}:Destinations; add it or correct the name.");
            }
        }

        if (DefaultDestination is { Length: > 0 } fallback && !names.Contains(fallback))
        {
            errors.Add($"{section}:DefaultDestination '{fallback}' is not in {section}:Destinations; add it or correct the name.");
        }

        return errors;
    }

    /// <summary>PS3.5 Table 6.2-1 (AE): at most 16 characters, no control characters or backslash, not only spaces.</summary>
    private static bool IsValidAeTitle(string? title) =>
        !string.IsNullOrWhiteSpace(title) && title.Length <= 16 && title.All(c => c is >= ' ' and <= '~' and not '\\');
}
