namespace DicomNode.Workflow.Outbox;

/// <summary>How many items a destination has in one state (for /metrics).</summary>
public sealed record OutboxDepth(string Destination, OutboxState State, long Count);
