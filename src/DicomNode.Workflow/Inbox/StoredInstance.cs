namespace DicomNode.Workflow.Inbox;

/// <summary>
/// An instance that is on disk and in the index. Every UID here was validated (PS3.5 §9.1) before it
/// named a file; <see cref="Id"/> grows with each new instance, which study assembly uses to know which
/// instances a job already covers.
/// </summary>
public sealed record StoredInstance(
    long Id,
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    string SopClassUid,
    string? Modality,
    string Path,
    string CallingAeTitle,
    DateTimeOffset ReceivedAt,
    long Size);
