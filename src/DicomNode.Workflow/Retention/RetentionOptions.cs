namespace DicomNode.Workflow.Retention;

/// <summary>
/// How long the node keeps what it received and made. A period of zero keeps that kind of data for ever. Whatever the
/// periods, nothing still needed is removed: a study waiting for assembly or with a job queued or running, and a job's
/// folder and outbox copies while any of its results is undelivered (pending or failed).
/// </summary>
public sealed record RetentionOptions
{
    /// <summary>A received study is removed from the inbox this long after its last instance arrived.</summary>
    public TimeSpan Inbox { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A finished job's working folder is removed this long after the job ended.</summary>
    public TimeSpan JobFolders { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The record of a delivered result is removed this long after its delivery (its file went at delivery).</summary>
    public TimeSpan DeliveredRecords { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Below this many free bytes on the data folder's file system, removable studies and job folders go oldest first,
    /// whatever their age, until there is this much room again; 0 turns it off.
    /// </summary>
    public long MinimumFreeBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How often the sweep runs.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromHours(1);
}
