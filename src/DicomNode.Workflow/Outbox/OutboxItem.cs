namespace DicomNode.Workflow.Outbox;

/// <summary>One row of the outbox table, for <c>outbox list</c>.</summary>
public sealed record OutboxItem(
    long Id,
    string Destination,
    long? JobId,
    string SopInstanceUid,
    string SopClassUid,
    string Path,
    OutboxState State,
    int Attempts,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? SentAt,
    string? LastError);
