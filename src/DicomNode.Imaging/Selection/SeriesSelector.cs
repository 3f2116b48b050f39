using System.Globalization;

namespace DicomNode.Imaging.Selection;

/// <summary>
/// Chooses the method's input series from a study's series summaries: the DWI at the highest b-value at or above the
/// minimum, the ADC map and the T1 Dixon in-phase series. Candidates are ranked by explicit criteria so that the same
/// study always gives the same choice, and the reason names the criterion that decided against the runner-up.
/// </summary>
public static class SeriesSelector
{
    private const string BValueSources = "(0018,9087), GE (0043,1039), Siemens (0019,100C) and Philips (2001,1003)";

    public static SelectionResult Select(IEnumerable<SeriesSummary> series, SelectionRules? rules = null)
    {
        rules ??= SelectionRules.Default;
        rules.Validate();
        var dwi = rules.Dwi.Compile();
        var adc = rules.Adc.Compile();
        var t1 = rules.T1InPhase.Compile();
        var all = series.Where(s => rules.Modalities.Count == 0
            || rules.Modalities.Any(m => string.Equals(m, s.Modality, StringComparison.OrdinalIgnoreCase))).ToList();

        var selected = new Dictionary<SeriesRole, SelectedSeries>();
        var missing = new List<MissingRole>();

        // DWI: every b-value at or above the minimum of every diffusion series is a candidate; the ADC map is not a DWI
        // even when it carries the b-values it was computed from.
        var dwiCandidates = all
            .Where(s => !adc.Matches(s) && !dwi.IsExcluded(s))
            .SelectMany(s => s.InstancesPerBValue.Where(p => p.Key >= rules.MinimumHighB)
                .Select(p => new Candidate(s, p.Key, p.Value, dwi.MatchesImageType(s) || dwi.MatchesDescription(s))))
            .ToList();
        Choose(SeriesRole.DwiHighB, dwiCandidates,
            [
                new("a higher b-value", c => c.BValue ?? 0),
                new("being recognised as DWI by ImageType or description", c => c.Recognised ? 1 : 0),
                new("more instances at that b-value", c => c.Instances),
                new("a lower series number", c => -(c.Series.SeriesNumber ?? int.MaxValue)),
            ],
            c => string.Create(CultureInfo.InvariantCulture, $"highest b-value {c.BValue:0.##} s/mm² (minimum {rules.MinimumHighB:0.##}) in {c.Instances} instances"),
            () => MissingDwi(all, adc, dwi, rules),
            selected, missing, rules);

        var adcCandidates = all.Where(adc.Matches).Select(s => new Candidate(s, null, s.InstanceCount, adc.MatchesImageType(s))).ToList();
        Choose(SeriesRole.Adc, adcCandidates,
            [
                new("ImageType naming it an ADC map", c => c.Recognised ? 1 : 0),
                new("more instances", c => c.Instances),
                new("a lower series number", c => -(c.Series.SeriesNumber ?? int.MaxValue)),
            ],
            c => c.Recognised ? "ImageType names an ADC map" : "description names an ADC map",
            () => $"no ADC map: looked for {rules.Adc.Describe()}",
            selected, missing, rules);

        var t1Candidates = all.Where(s => t1.Matches(s) && s.InstancesPerBValue.Count == 0 && !adc.Matches(s))
            .Select(s => new Candidate(s, null, s.InstanceCount, t1.MatchesImageType(s))).ToList();
        Choose(SeriesRole.T1InPhase, t1Candidates,
            [
                new("ImageType naming it in-phase", c => c.Recognised ? 1 : 0),
                new("more instances", c => c.Instances),
                new("a lower series number", c => -(c.Series.SeriesNumber ?? int.MaxValue)),
            ],
            c => c.Recognised ? "ImageType names a Dixon in-phase image" : "description names a Dixon in-phase image",
            () => $"no T1 Dixon in-phase series: looked for {rules.T1InPhase.Describe()}",
            selected, missing, rules);

        var found = selected.Values.OrderBy(s => s.Role)
            .Select(s => new ProtocolFinding(s.Role, s.Series.SeriesInstanceUid, s.Series.SeriesNumber, s.Series.Description, s.BValue))
            .ToList();
        return new SelectionResult(selected, new ProtocolCheck(found, missing));
    }

    private static void Choose(
        SeriesRole role,
        List<Candidate> candidates,
        Criterion[] criteria,
        Func<Candidate, string> basis,
        Func<string> missingMessage,
        Dictionary<SeriesRole, SelectedSeries> selected,
        List<MissingRole> missing,
        SelectionRules rules)
    {
        if (candidates.Count == 0)
        {
            if (rules.Required.Contains(role))
            {
                missing.Add(new MissingRole(role, missingMessage()));
            }

            return;
        }

        IOrderedEnumerable<Candidate> ordered = candidates.OrderByDescending(criteria[0].Key);
        foreach (var criterion in criteria.Skip(1))
        {
            ordered = ordered.ThenByDescending(criterion.Key);
        }

        var ranked = ordered.ThenBy(c => c.Series.SeriesInstanceUid, StringComparer.Ordinal).ToList();
        var best = ranked[0];
        var reason = $"{best.Series.Label}: {basis(best)}";
        if (ranked.Count > 1)
        {
            var runnerUp = ranked[1];
            var decided = criteria.FirstOrDefault(c => c.Key(best) != c.Key(runnerUp))?.Name ?? "the lower Series Instance UID";
            reason += $"; preferred over {runnerUp.Series.Label}{(runnerUp.BValue is { } b ? string.Create(CultureInfo.InvariantCulture, $" b={b:0.##}") : string.Empty)} for {decided}";
        }

        selected[role] = new SelectedSeries(role, best.Series, best.BValue, reason);
    }

    private static string MissingDwi(List<SeriesSummary> all, CompiledRoleRules adc, CompiledRoleRules dwi, SelectionRules rules)
    {
        var highest = all.Where(s => s.HighestBValue is not null && !adc.Matches(s) && !dwi.IsExcluded(s))
            .OrderByDescending(s => s.HighestBValue).FirstOrDefault();
        var head = string.Create(CultureInfo.InvariantCulture, $"no DWI with b ≥ {rules.MinimumHighB:0.##} s/mm²: ");
        return highest is null
            ? head + $"no series carries a diffusion b-value in {BValueSources}"
            : head + string.Create(CultureInfo.InvariantCulture, $"the highest b-value found is {highest.HighestBValue:0.##} in {highest.Label}; looked in {BValueSources}");
    }

    private sealed record Candidate(SeriesSummary Series, double? BValue, int Instances, bool Recognised);

    private sealed record Criterion(string Name, Func<Candidate, double> Key);
}
