namespace DicomNode.Workflow.Jobs;

/// <summary>What <see cref="JobStore.Retry"/> did, with a sentence for the person who asked.</summary>
public sealed record JobRetryResult(bool Queued, string Message);
