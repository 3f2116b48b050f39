using Microsoft.Extensions.Logging;

namespace DicomNode.Workflow.Outbox;

/// <summary>Log messages of outbox delivery, event ids 4300–4399.</summary>
internal static partial class OutboxLog
{
    [LoggerMessage(4300, LogLevel.Information, "Delivered {Count} objects to {Destination}")]
    public static partial void Delivered(ILogger logger, int count, string destination);

    [LoggerMessage(4301, LogLevel.Warning, "Sending {SopInstanceUid} to {Destination} failed (attempt {Attempt}): {Error}; next attempt at {NextAttempt:o}")]
    public static partial void AttemptFailed(ILogger logger, string sopInstanceUid, string destination, int attempt, string error, DateTimeOffset nextAttempt);

    [LoggerMessage(4302, LogLevel.Error, "Gave up sending {SopInstanceUid} to {Destination} after {Attempts} attempts over its maximum age: {Error}")]
    public static partial void GaveUp(ILogger logger, string sopInstanceUid, string destination, int attempts, string error);

    [LoggerMessage(4303, LogLevel.Warning, "No association with {Destination}: {Error}")]
    public static partial void Unreachable(ILogger logger, string destination, string error);

    [LoggerMessage(4304, LogLevel.Information, "{Destination} answers again: its {Count} waiting objects are due now")]
    public static partial void Draining(ILogger logger, string destination, int count);

    [LoggerMessage(4305, LogLevel.Error, "The delivery loop of {Destination} hit an error; it resumes after {Delay}")]
    public static partial void LoopError(ILogger logger, Exception exception, string destination, TimeSpan delay);
}
