using Microsoft.Extensions.Logging;

namespace DicomNode.Workflow.Inbox;

/// <summary>Log messages of the durable inbox, event ids 4000–4099. UIDs and AE titles only, never patient data.</summary>
internal static partial class InboxLog
{
    [LoggerMessage(4000, LogLevel.Warning, "C-STORE of {SopInstanceUid} from {CallingAe} refused with A700: {AvailableBytes} bytes free at {Folder}, the threshold is {MinimumFreeBytes}")]
    public static partial void LowDiskSpace(ILogger logger, string sopInstanceUid, string callingAe, long availableBytes, string folder, long minimumFreeBytes);

    [LoggerMessage(4001, LogLevel.Warning, "C-STORE from {CallingAe} refused with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string callingAe, string status, string reason);

    [LoggerMessage(4002, LogLevel.Information, "Duplicate SOP Instance {SopInstanceUid} from {CallingAe}: kept the first copy")]
    public static partial void Duplicate(ILogger logger, string sopInstanceUid, string callingAe);

    [LoggerMessage(4003, LogLevel.Debug, "Stored {SopInstanceUid} of series {SeriesInstanceUid}, study {StudyInstanceUid}, from {CallingAe} ({Size} bytes)")]
    public static partial void Stored(ILogger logger, string sopInstanceUid, string seriesInstanceUid, string studyInstanceUid, string callingAe, long size);

    [LoggerMessage(4004, LogLevel.Error, "Storing {SopInstanceUid} from {CallingAe} failed; answered {Status}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string sopInstanceUid, string callingAe, string status);

    [LoggerMessage(4005, LogLevel.Warning, "Inbox recovery: deleted {Temporary} partial uploads, indexed {Indexed} renamed but unindexed instances, {Unreadable} unreadable files left in place")]
    public static partial void Recovered(ILogger logger, int temporary, int indexed, int unreadable);

    [LoggerMessage(4006, LogLevel.Warning, "Inbox recovery: {Path} cannot be indexed and was left in place: {Reason}")]
    public static partial void UnreadableFile(ILogger logger, string path, string reason);

    [LoggerMessage(4007, LogLevel.Error, "The inbox observer failed for {SopInstanceUid}")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string sopInstanceUid);

    [LoggerMessage(4008, LogLevel.Error, "Writing {SopInstanceUid} from {CallingAe} failed (disk full?); the rest of its data set is discarded and the C-STORE answered A700")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string sopInstanceUid, string callingAe);

    [LoggerMessage(4009, LogLevel.Debug, "C-STORE of {SopInstanceUid} from {CallingAe} ended without completing; its partial file was deleted")]
    public static partial void Abandoned(ILogger logger, string sopInstanceUid, string callingAe);

    [LoggerMessage(4010, LogLevel.Warning, "The partial file {Path} could not be deleted now; recovery deletes it at the next start")]
    public static partial void TemporaryNotDeleted(ILogger logger, Exception exception, string path);

    [LoggerMessage(4011, LogLevel.Warning, "C-STORE of {SopInstanceUid} from {CallingAe} refused with A700: the data set is larger than {MaxInstanceBytes} bytes (Inbox:MaxInstanceMegabytes); its file was deleted and the rest of the transfer is discarded")]
    public static partial void TooLarge(ILogger logger, string sopInstanceUid, string callingAe, long maxInstanceBytes);
}
