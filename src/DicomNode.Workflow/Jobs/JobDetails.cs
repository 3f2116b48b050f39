namespace DicomNode.Workflow.Jobs;

/// <summary>A job with its series, for <c>jobs show</c>.</summary>
public sealed record JobDetails(JobRecord Job, IReadOnlyList<JobSeries> Series);
