using System.Globalization;

namespace DicomNode.Imaging.Selection;

/// <summary>
/// Chooses the method's input series from a study's series summaries: the trace-weighted DWI in the target b-value
/// window (a higher, calculated or lower b-value only when the window is empty), the ADC map and the T1 Dixon in-phase
/// series. Candidates are ranked by explicit criteria so that the same study always gives the same choice, the reason
/// names the criterion that decided against the runner-up, and <see cref="SelectionResult.Notes"/> says what was left out.
/// </summary>
public static class SeriesSelector
{
    private const string BValueSources = Frames.DiffusionReader.Sources;

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

        // Objects that are no images (presentation states, vendor objects) are left out of every series, and said so.
        var notes = all.Where(s => s.Skipped.Count > 0)
            .Select(s => $"{s.Label}: {s.Skipped.Count} object(s) that are no images to stack ({string.Join("; ", s.Skipped.Take(3))}{(s.Skipped.Count > 3 ? "; …" : string.Empty)})")
            .ToList();

        // DWI: every b-value at or above the minimum of every diffusion series is a candidate when it offers trace-weighted
        // images; the ADC map is not a DWI even when it carries the b-values it was computed from.
        var calculated = rules.CalculatedDwi.Compile();
        var dwiCandidates = new List<Candidate>();
        var dwiRejected = new List<string>();
        foreach (var s in all.Where(s => s.InstancesPerBValue.Count > 0))
        {
            if (adc.Matches(s))
            {
                continue;
            }

            if (dwi.IsExcluded(s))
            {
                notes.Add($"{s.Label}: not a DWI by its ImageType or description (a map computed from diffusion data)");
                continue;
            }

            foreach (var (b, images) in s.InstancesPerBValue.Where(p => p.Key >= rules.MinimumHighB))
            {
                var kinds = s.Diffusion.GetValueOrDefault(b);
                if (kinds is { HasTrace: false })
                {
                    dwiRejected.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Label} b={b:0.##} is raw directional data without a trace-weighted image"));
                    notes.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{s.Label} b={b:0.##}: raw directional data ({kinds.Directions} gradient directions in {kinds.Directional} images) and no trace-weighted image"));
                    continue;
                }

                var trace = kinds?.Trace ?? images;
                if (trace < rules.MinimumSlices)
                {
                    dwiRejected.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Label} b={b:0.##} has {trace} trace-weighted image(s), fewer than {rules.MinimumSlices}"));
                    notes.Add(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{s.Label} b={b:0.##}: {trace} trace-weighted image(s), fewer than the {rules.MinimumSlices} slices a volume needs"));
                    continue;
                }

                var isCalculated = calculated.Matches(s);
                dwiCandidates.Add(new Candidate(s, b, trace, dwi.MatchesImageType(s) || dwi.MatchesDescription(s))
                {
                    Tier = Tier(b, isCalculated, rules),
                });
            }
        }

        Choose(SeriesRole.DwiHighB, dwiCandidates,
            [
                new("an acquired b-value in the target window", c => -c.Tier),
                new("a higher b-value in the window, or one nearer to it", c => c.Tier is 1 or 3 ? -(c.BValue ?? 0) : c.BValue ?? 0),
                new("being recognised as DWI by ImageType or description", c => c.Recognised ? 1 : 0),
                new("more images at that b-value", c => c.Instances),
                new("a lower series number", c => -(c.Series.SeriesNumber ?? int.MaxValue)),
            ],
            c => DwiBasis(c, rules),
            () => MissingDwi(all, adc, dwi, rules, dwiRejected),
            null,
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
            "no ADC map",
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
            "no T1 Dixon in-phase series",
            selected, missing, rules);

        var found = selected.Values.OrderBy(s => s.Role)
            .Select(s => new ProtocolFinding(s.Role, s.Series.SeriesInstanceUid, s.Series.SeriesNumber, s.Series.Description, s.BValue))
            .ToList();
        return new SelectionResult(selected, new ProtocolCheck(found, missing)) { Notes = notes };
    }

    private static void Choose(
        SeriesRole role,
        List<Candidate> candidates,
        Criterion[] criteria,
        Func<Candidate, string> basis,
        Func<string> missingMessage,
        string? reportText,
        Dictionary<SeriesRole, SelectedSeries> selected,
        List<MissingRole> missing,
        SelectionRules rules)
    {
        if (candidates.Count == 0)
        {
            if (rules.Required.Contains(role))
            {
                var message = missingMessage();
                missing.Add(new MissingRole(role, message) { ReportText = reportText ?? message });
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

    private static string MissingDwi(List<SeriesSummary> all, CompiledRoleRules adc, CompiledRoleRules dwi, SelectionRules rules, List<string> rejected)
    {
        if (rejected.Count > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no usable DWI with b ≥ {rules.MinimumHighB:0.##} s/mm²: ") + string.Join("; ", rejected);
        }

        var highest = all.Where(s => s.HighestBValue is not null && !adc.Matches(s) && !dwi.IsExcluded(s))
            .OrderByDescending(s => s.HighestBValue).FirstOrDefault();
        var head = string.Create(CultureInfo.InvariantCulture, $"no DWI with b ≥ {rules.MinimumHighB:0.##} s/mm²: ");
        return highest is null
            ? head + $"no series carries a diffusion b-value in {BValueSources}"
            : head + string.Create(CultureInfo.InvariantCulture, $"the highest b-value found is {highest.HighestBValue:0.##} in {highest.Label}; looked in {BValueSources}");
    }

    /// <summary>
    /// 0 acquired in the target window, 1 acquired above it, 2 calculated in it, 3 calculated above it, 4 acquired below
    /// it (at or above the minimum), 5 calculated below it.
    /// </summary>
    private static int Tier(double b, bool isCalculated, SelectionRules rules)
    {
        var place = b < rules.TargetBValueMin ? 2 : b > rules.TargetBValueMax ? 1 : 0;
        return place == 2 ? (isCalculated ? 5 : 4) : (isCalculated ? 2 : 0) + place;
    }

    private static string DwiBasis(Candidate c, SelectionRules rules)
    {
        var window = string.Create(CultureInfo.InvariantCulture, $"{rules.TargetBValueMin:0.##}–{rules.TargetBValueMax:0.##} s/mm²");
        var head = string.Create(CultureInfo.InvariantCulture, $"b={c.BValue:0.##} s/mm², {c.Instances} trace-weighted images");
        return c.Tier switch
        {
            0 => $"{head}, acquired, in the target window {window}",
            1 => $"{head}: no acquired image in the target window {window}, the nearest higher b-value is used",
            2 => $"{head}, calculated by the scanner: no acquired image in the target window {window}",
            3 => $"{head}, calculated by the scanner and above the target window {window}: nothing in the window",
            _ => $"{head}, below the target window {window}: nothing in or above it",
        };
    }

    private sealed record Candidate(SeriesSummary Series, double? BValue, int Instances, bool Recognised)
    {
        public int Tier { get; init; }
    }

    private sealed record Criterion(string Name, Func<Candidate, double> Key);
}
