namespace DicomNode.Service.Observability;

/// <summary>
/// Bounds of the association audit log (bound from Log:AuditRetentionDays, Log:AuditRepeatLimit and
/// Log:AuditLinesPerMinute). Per minute the log writes at most <see cref="LinesPerMinute"/> association lines
/// plus one summary line per (peer address, kind) that was held back, at most <see cref="MaxSummaryLines"/>
/// of them, plus one line for the rest: at most 701 lines a minute with the defaults, whatever arrives.
/// </summary>
public sealed record AuditLogOptions
{
    /// <summary>
    /// Associations of one kind from one address written line by line per minute; more are counted. Accepted
    /// associations that stored instances are not held back by this limit (only by <see cref="LinesPerMinute"/>).
    /// </summary>
    public int RepeatLimit { get; init; } = 10;

    /// <summary>Association lines written per minute in all; more are counted.</summary>
    public int LinesPerMinute { get; init; } = 600;

    /// <summary>Summary lines per minute; the (address, kind) pairs beyond them share one last line.</summary>
    public int MaxSummaryLines { get; init; } = 100;

    /// <summary>audit-YYYYMMDD.jsonl files of days this far back or further are deleted.</summary>
    public int RetentionDays { get; init; } = 90;

    /// <summary>The length of a counting window.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);
}
