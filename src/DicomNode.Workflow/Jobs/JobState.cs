namespace DicomNode.Workflow.Jobs;

/// <summary>
/// The life of a job: Queued → Running → Succeeded | Failed | Superseded. A failed job can be queued
/// again (retry). Superseded means a newer job for the same study replaced it and its results are not sent.
/// </summary>
public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Superseded,
}
