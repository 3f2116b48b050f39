namespace DicomNode.Workflow.Studies;

/// <summary>A study with instances no job covers yet: it waits for its quiet period.</summary>
public sealed record PendingStudy(string StudyInstanceUid, string CallingAeTitle, DateTimeOffset LastReceivedAt);
