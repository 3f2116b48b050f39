namespace DicomNode.Workflow.Jobs;

/// <summary>One row of the jobs table.</summary>
/// <param name="Reason">Why it failed or was superseded; null otherwise.</param>
/// <param name="Summary">What the pipeline reported on success.</param>
/// <param name="SupersededBy">The newer job for the same study, once there is one.</param>
/// <param name="ThroughInstanceId">The job covers the study's instances with an index id up to this.</param>
/// <param name="Runs">How many times it started (more than one after a restart or a retry).</param>
public sealed record JobRecord(
    long Id,
    string StudyInstanceUid,
    string CallingAeTitle,
    JobState State,
    string? Reason,
    string? Summary,
    long? SupersededBy,
    long ThroughInstanceId,
    int Runs,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);
