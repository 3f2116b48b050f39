namespace DicomNode.Workflow.Jobs;

/// <summary>
/// What the pipeline produced: Part 10 files (already written under the output folder, each with its own
/// SOP Instance UID) to send to the study's destination, and a one-line summary kept with the job.
/// </summary>
public sealed record AnalysisOutcome(IReadOnlyList<string> FilesToSend, string Summary);
