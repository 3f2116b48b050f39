namespace DicomNode.Workflow.Outbox;

/// <summary>Configuration of the outbox (bound by the host, section e.g. "Outbox"; read at every attempt).</summary>
public sealed record OutboxOptions
{
    /// <summary>Delay after the first failed attempt; it doubles with each failure (with jitter). Default 10 s.</summary>
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between two attempts. Default 1 h.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(1);

    /// <summary>An item not delivered this long after it was queued is marked failed (visible in <c>outbox list</c>). Default 24 h.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Keep the file of a delivered item (default false: deleted once the item is marked sent).</summary>
    public bool KeepDeliveredFiles { get; init; }

    /// <summary>At most this many due items go over one association. Default 50.</summary>
    public int BatchSize { get; init; } = 50;

    public IReadOnlyList<string> Validate(string section = "Outbox")
    {
        var errors = new List<string>();
        if (InitialRetryDelay <= TimeSpan.Zero)
        {
            errors.Add($"{section}:InitialRetryDelay is {InitialRetryDelay}; set a positive time span such as 00:00:10.");
        }

        if (MaxRetryDelay < InitialRetryDelay)
        {
            errors.Add($"{section}:MaxRetryDelay ({MaxRetryDelay}) is shorter than {section}:InitialRetryDelay ({InitialRetryDelay}); set it to at least that, e.g. 01:00:00.");
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            errors.Add($"{section}:MaxAge is {MaxAge}; set a positive time span such as 1.00:00:00 (one day).");
        }

        if (BatchSize is < 1 or > 1000)
        {
            errors.Add($"{section}:BatchSize is {BatchSize}; set it between 1 and 1000.");
        }

        return errors;
    }
}
