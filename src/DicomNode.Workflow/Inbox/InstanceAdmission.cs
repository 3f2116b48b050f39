namespace DicomNode.Workflow.Inbox;

/// <summary>What indexing an instance did: <see cref="Stored"/> when it was added, <see cref="Refusal"/> when it would mix studies, neither for a duplicate.</summary>
internal sealed record InstanceAdmission(StoredInstance? Stored, string? Refusal);
