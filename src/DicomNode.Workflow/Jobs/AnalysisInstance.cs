namespace DicomNode.Workflow.Jobs;

/// <summary>One stored instance: its UIDs and its Part 10 file in the inbox (read-only for the pipeline).</summary>
public sealed record AnalysisInstance(string SopInstanceUid, string SopClassUid, string Path);
