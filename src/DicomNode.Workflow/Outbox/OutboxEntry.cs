namespace DicomNode.Workflow.Outbox;

/// <summary>An object already durable under outbox/ and ready to be queued (a row in the outbox table).</summary>
public sealed record OutboxEntry(string Destination, long? JobId, string SopInstanceUid, string SopClassUid, string Path);
