using Microsoft.Extensions.Logging;

namespace DicomNode.Workflow.Jobs;

/// <summary>Log messages of the job runner, event ids 4200–4299.</summary>
internal static partial class JobLog
{
    [LoggerMessage(4200, LogLevel.Information, "Job runner started with at most {MaxConcurrency} jobs at once; {Requeued} interrupted jobs queued again")]
    public static partial void Started(ILogger logger, int maxConcurrency, int requeued);

    [LoggerMessage(4201, LogLevel.Information, "Job {JobId} for study {StudyInstanceUid} started (run {Run})")]
    public static partial void JobStarted(ILogger logger, long jobId, string studyInstanceUid, int run);

    [LoggerMessage(4202, LogLevel.Information, "Job {JobId} ended {State}: {Summary}")]
    public static partial void JobEnded(ILogger logger, long jobId, string state, string summary);

    [LoggerMessage(4203, LogLevel.Error, "Job {JobId} failed: {Reason}")]
    public static partial void JobFailed(ILogger logger, Exception? exception, long jobId, string reason);

    [LoggerMessage(4204, LogLevel.Information, "Job {JobId} interrupted by shutdown; it runs again at the next start")]
    public static partial void JobInterrupted(ILogger logger, long jobId);

    [LoggerMessage(4205, LogLevel.Information, "Job {JobId}: {Count} results queued for {Destination} ({Route})")]
    public static partial void ResultsQueued(ILogger logger, long jobId, int count, string destination, string route);

    [LoggerMessage(4206, LogLevel.Error, "The job runner could not read the job table; it tries again when a job is queued")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(4207, LogLevel.Warning, "Job {JobId}: this node lost its claim (its lease expired and another node took the job over); this run's outcome is discarded")]
    public static partial void ClaimLost(ILogger logger, long jobId);
}
