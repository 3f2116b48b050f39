namespace DicomNode.Workflow.Jobs;

/// <summary>
/// What the pipeline produced: Part 10 files (already written under the output folder, each with its own
/// SOP Instance UID) to send to the study's destination, and a one-line summary kept with the job.
/// With <see cref="FailureReason"/> the analysis could not run: the files (a report saying why) are still sent,
/// and the job ends failed with that reason — never a silent failure.
/// </summary>
public sealed record AnalysisOutcome(IReadOnlyList<string> FilesToSend, string Summary, string? FailureReason = null);
