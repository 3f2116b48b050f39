namespace DicomNode.Workflow.Outbox;

/// <summary>Pending (waiting for its next attempt) → Sent, or Failed once its maximum age has passed. Retry makes Failed Pending again.</summary>
public enum OutboxState
{
    Pending,
    Sent,
    Failed,
}
