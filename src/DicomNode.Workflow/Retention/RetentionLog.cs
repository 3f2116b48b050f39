using Microsoft.Extensions.Logging;

namespace DicomNode.Workflow.Retention;

/// <summary>Log messages of retention, event ids 4600–4699. UIDs and job numbers only, never patient data.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(4600, LogLevel.Information,
        "Retention removed {Studies} studies ({Instances} instances), {JobFolders} job folders and {Records} delivered-result records; {Megabytes:0.#} MB freed ({ForSpace} removed early for free space)")]
    public static partial void Swept(ILogger logger, int studies, int instances, int jobFolders, int records, double megabytes, int forSpace);

    [LoggerMessage(4601, LogLevel.Information, "Retention removed study {StudyInstanceUid} ({Instances} instances): {Why}")]
    public static partial void StudyRemoved(ILogger logger, string studyInstanceUid, int instances, string why);

    [LoggerMessage(4602, LogLevel.Warning,
        "Free space on the data folder is {FreeMegabytes} MB, below Retention:MinimumFreeMegabytes ({MinimumMegabytes} MB), and nothing more may be removed: what is left is in use or undelivered")]
    public static partial void StillShortOfSpace(ILogger logger, long freeMegabytes, long minimumMegabytes);

    [LoggerMessage(4603, LogLevel.Error, "The retention sweep hit an error; it runs again after {Delay}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(4604, LogLevel.Warning, "Retention could not remove {Path}: {Error}; it tries again at the next sweep")]
    public static partial void CouldNotRemove(ILogger logger, string path, string error);
}
