using Microsoft.Extensions.Logging;

namespace DicomNode.Inference;

/// <summary>Log messages of the inference component; event ids 4000–4099.</summary>
internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "ONNX Runtime {Version} loaded from {Path}; providers available: {Providers}")]
    public static partial void RuntimeLoaded(ILogger logger, string version, string path, string providers);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Model {ModelPath}: execution provider {Provider} ({Reason})")]
    public static partial void ProviderChosen(ILogger logger, string modelPath, ExecutionProvider provider, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Model {ModelPath}: provider {Provider} not used, falling back: {Reason}")]
    public static partial void ProviderFallback(ILogger logger, string modelPath, ExecutionProvider provider, string reason);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Model {ModelPath} loaded in {Milliseconds:F0} ms on {Provider}; inputs {Inputs}; outputs {Outputs}")]
    public static partial void SessionCreated(ILogger logger, string modelPath, double milliseconds, ExecutionProvider provider, string inputs, string outputs);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Model {ModelPath} warmed up with shape {Shape} in {Milliseconds:F0} ms")]
    public static partial void WarmedUp(ILogger logger, string modelPath, string shape, double milliseconds);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Model {ModelPath} changed on disk: a new session replaces the cached one")]
    public static partial void ModelChanged(ILogger logger, string modelPath);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Inference memory: {Heap}")]
    public static partial void HeapConfigured(ILogger logger, string heap);
}
