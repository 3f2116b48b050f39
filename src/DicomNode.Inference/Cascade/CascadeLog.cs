using Microsoft.Extensions.Logging;

namespace DicomNode.Inference.Cascade;

/// <summary>The cascade's log messages, event ids 4100–4199.</summary>
internal static partial class CascadeLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Model {ModelId} {Version} on {Sequence}: {Timings}")]
    public static partial void Ran(ILogger logger, string modelId, string version, string sequence, string timings);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Model {ModelId} not run on {Sequence}: {Reason}")]
    public static partial void Skipped(ILogger logger, string modelId, string sequence, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Model {ModelId} on {Sequence}: labels from its probabilities on {Acquisition}, pooled")]
    public static partial void Shared(ILogger logger, string modelId, string sequence, string acquisition);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Model {ModelId}: {Sequence} and {Other} are not on one voxel grid, so each is segmented on its own")]
    public static partial void NotShared(ILogger logger, string modelId, string sequence, string other);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Model runs: up to {Runs} at once, each session on {IntraOpThreads} intra-op threads (0: ONNX Runtime's choice)")]
    public static partial void Concurrent(ILogger logger, int runs, int intraOpThreads);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Model {ModelId} on {Sequence}: started, on {IntraOpThreads} intra-op threads (0: ONNX Runtime's choice)")]
    public static partial void Started(ILogger logger, string modelId, string sequence, int intraOpThreads);
}
