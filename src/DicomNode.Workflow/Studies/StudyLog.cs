using Microsoft.Extensions.Logging;

namespace DicomNode.Workflow.Studies;

/// <summary>Log messages of study assembly, event ids 4100–4199.</summary>
internal static partial class StudyLog
{
    [LoggerMessage(4100, LogLevel.Information, "Study {StudyInstanceUid} complete after {QuietPeriod} quiet: job {JobId} queued with {SeriesCount} series")]
    public static partial void JobCreated(ILogger logger, string studyInstanceUid, TimeSpan quietPeriod, long jobId, int seriesCount);

    [LoggerMessage(4101, LogLevel.Information, "Study assembly resumed {Count} studies that were waiting for their quiet period")]
    public static partial void Resumed(ILogger logger, int count);

    [LoggerMessage(4102, LogLevel.Error, "Creating the job for study {StudyInstanceUid} failed; trying again after the quiet period")]
    public static partial void CreateFailed(ILogger logger, Exception exception, string studyInstanceUid);
}
