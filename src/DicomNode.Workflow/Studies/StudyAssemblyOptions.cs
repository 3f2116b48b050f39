namespace DicomNode.Workflow.Studies;

/// <summary>When a study counts as complete (bound by the host, section e.g. "StudyAssembly"; read at every instance).</summary>
public sealed record StudyAssemblyOptions
{
    /// <summary>A study is complete after this long without a new instance. Default 30 s.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Quiet periods for particular calling AE titles (exact, case-sensitive), e.g. a slow modality.</summary>
    public Dictionary<string, TimeSpan> QuietPeriodByCallingAe { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The quiet period for a study whose latest instance came from <paramref name="callingAeTitle"/>.</summary>
    public TimeSpan QuietPeriodFor(string callingAeTitle) =>
        QuietPeriodByCallingAe.TryGetValue(callingAeTitle.Trim(), out var period) ? period : QuietPeriod;

    public IReadOnlyList<string> Validate(string section = "StudyAssembly")
    {
        var errors = new List<string>();
        if (QuietPeriod <= TimeSpan.Zero)
        {
            errors.Add($"{section}:QuietPeriod is {QuietPeriod}; set a positive time span such as 00:00:30.");
        }

        foreach (var (ae, period) in QuietPeriodByCallingAe)
        {
            if (period <= TimeSpan.Zero)
            {
                errors.Add($"{section}:QuietPeriodByCallingAe:{ae} is {period}; set a positive time span such as 00:02:00.");
            }
        }

        return errors;
    }
}
