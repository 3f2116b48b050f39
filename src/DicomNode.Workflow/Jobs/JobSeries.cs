namespace DicomNode.Workflow.Jobs;

/// <summary>A series a job analyses, with the number of its instances the job covers.</summary>
public sealed record JobSeries(string SeriesInstanceUid, string? Modality, int InstanceCount);
