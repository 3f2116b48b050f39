using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using OrtSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace DicomNode.Inference;

/// <summary>
/// One loaded ONNX model on ONNX Runtime's own <see cref="OrtSession"/>. Runs read the caller's float buffer in
/// place (an <see cref="OrtValue"/> over the pinned memory) and copy each output once into a managed array. Runs may
/// be concurrent (ONNX Runtime sessions are thread-safe for Run); <see cref="Dispose"/> releases the native session
/// once the last run in progress has returned.
/// </summary>
public sealed partial class InferenceSession : IDisposable
{
    private readonly OrtSession _session;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int _running;
    private bool _disposed;

    private InferenceSession(OrtSession session, string modelPath, InferenceSessionOptions options, ExecutionProvider provider,
        IReadOnlyList<TensorMetadata> inputs, IReadOnlyList<TensorMetadata> outputs, string? fallbackReason, ILogger logger)
    {
        _session = session;
        ModelPath = modelPath;
        Options = options;
        Provider = provider;
        Inputs = inputs;
        Outputs = outputs;
        FallbackReason = fallbackReason;
        _logger = logger;
    }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    public InferenceSessionOptions Options { get; }

    /// <summary>The provider the session runs on (for Auto, the one chosen).</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>"CPU", "CUDA device 0" or "TensorRT device 0": what the SEG and SR record.</summary>
    public string Device => ExecutionProviderChoice.DeviceName(Provider, Options.DeviceId);

    /// <summary>The ONNX Runtime version the session runs on, e.g. "1.32.0".</summary>
    public string RuntimeVersion { get; private init; } = string.Empty;

    /// <summary>For Auto settled on the CPU, why the GPU was not used; otherwise null.</summary>
    public string? FallbackReason { get; }

    public IReadOnlyList<TensorMetadata> Inputs { get; }

    public IReadOnlyList<TensorMetadata> Outputs { get; }

    /// <summary>
    /// Loads <paramref name="modelPath"/>. Throws <see cref="ModelLoadException"/> when the file is
    /// missing or not a loadable ONNX model, <see cref="ExecutionProviderUnavailableException"/>
    /// when the provider asked for by name cannot be used.
    /// </summary>
    public static InferenceSession Create(string modelPath, InferenceSessionOptions? options = null,
        OnnxRuntimeEnvironment? environment = null, ILogger? logger = null) =>
        Create(modelPath, options, environment, logger, canLoad: null);

    /// <param name="canLoad">Whether a native library loads (tests stand in for the loader); null: the loader.</param>
    internal static InferenceSession Create(string modelPath, InferenceSessionOptions? options, OnnxRuntimeEnvironment? environment,
        ILogger? logger, Func<string, bool>? canLoad)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= InferenceSessionOptions.Default;
        options.Validate();
        logger ??= NullLogger.Instance;

        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new ModelLoadException(fullPath, $"model file not found: {fullPath}");
        }

        environment ??= OnnxRuntimeEnvironment.GetOrCreate(logger);
        var clock = Stopwatch.StartNew();
        string? fallback = null;
        foreach (ExecutionProvider provider in ExecutionProviderChoice.Candidates(options.Provider))
        {
            OrtSession session;
            try
            {
                session = Open(environment, fullPath, options, provider, canLoad);
            }
            catch (ExecutionProviderUnavailableException e) when (options.Provider == ExecutionProvider.Auto)
            {
                fallback = e.Message;
                InferenceLog.ProviderFallback(logger, fullPath, provider, e.Message);
                continue;
            }

            try
            {
                TensorMetadata[] inputs = ReadMetadata(session.InputNames, session.InputMetadata);
                TensorMetadata[] outputs = ReadMetadata(session.OutputNames, session.OutputMetadata);
                ExecutionProviderChoice.LogChosen(logger, fullPath, options.Provider, provider, options.DeviceId);
                InferenceLog.SessionCreated(logger, fullPath, clock.Elapsed.TotalMilliseconds, provider,
                    string.Join("; ", inputs.Select(i => $"{i.Name} {i}")), string.Join("; ", outputs.Select(o => $"{o.Name} {o}")));
                return new InferenceSession(session, fullPath, options, provider, inputs, outputs,
                    provider == ExecutionProvider.Cpu && options.Provider == ExecutionProvider.Auto ? fallback : null, logger)
                {
                    RuntimeVersion = environment.Version,
                };
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }

        // Auto always ends on the CPU, which either opens or throws a ModelLoadException.
        throw new UnreachableException("no execution provider was tried");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_running > 0)
            {
                return;
            }
        }

        _session.Dispose();
    }

    /// <summary>Counts a run in; throws <see cref="ObjectDisposedException"/> once <see cref="Dispose"/> has run.</summary>
    private void Enter()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _running++;
        }
    }

    /// <summary>Counts a run out; the last one out after <see cref="Dispose"/> releases the native session.</summary>
    private void Exit()
    {
        lock (_gate)
        {
            _running--;
            if (!_disposed || _running > 0)
            {
                return;
            }
        }

        _session.Dispose();
    }

    private static OrtSession Open(OnnxRuntimeEnvironment environment, string fullPath, InferenceSessionOptions options, ExecutionProvider provider,
        Func<string, bool>? canLoad)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimization switch
            {
                GraphOptimization.Disabled => GraphOptimizationLevel.ORT_DISABLE_ALL,
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            // Without the CPU arena each run's tensors go back to the system when it ends: with it, every cached session
            // kept its own pool at its largest run (the node peaked at 1.3–1.8 GiB on a phantom study; 683 MiB without,
            // the same labels; tests/DicomNode.Benchmarks/README.md, time to result and memory).
            EnableCpuMemArena = false,
        };
        if (options.IntraOpThreads > 0)
        {
            sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
        }

        if (options.InterOpThreads > 0)
        {
            sessionOptions.InterOpNumThreads = options.InterOpThreads;
        }

        ExecutionProviderChoice.Append(environment, sessionOptions, provider, options.DeviceId, canLoad);
        try
        {
            return new OrtSession(fullPath, sessionOptions);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            OrtErrorCode code = OnnxRuntimeException.CodeOf(e);
            if (provider != ExecutionProvider.Cpu && code is not (OrtErrorCode.NoSuchFile or OrtErrorCode.InvalidProtobuf or OrtErrorCode.InvalidGraph or OrtErrorCode.NoModel))
            {
                // The libraries loaded but the device did not start (no GPU, a driver too old for CUDA 13, out of memory).
                throw new ExecutionProviderUnavailableException(provider,
                    $"{ExecutionProviderChoice.DeviceName(provider, options.DeviceId)} requested but no session started on it: {e.Message.Trim()}; choose cpu or auto", e);
            }

            throw DescribeLoadFailure(fullPath, OnnxRuntimeException.From(e, $"model {fullPath}"));
        }
    }

    private static ModelLoadException DescribeLoadFailure(string fullPath, OnnxRuntimeException e) => e.ErrorCode switch
    {
        OrtErrorCode.NoSuchFile => new ModelLoadException(fullPath, $"model file not found: {fullPath} ({e.OrtMessage})", e),
        OrtErrorCode.InvalidProtobuf or OrtErrorCode.InvalidGraph or OrtErrorCode.NoModel =>
            new ModelLoadException(fullPath, $"model {fullPath} is not a valid ONNX model: {e.OrtMessage}", e),
        _ => new ModelLoadException(fullPath, $"model {fullPath} could not be loaded by ONNX Runtime ({e.ErrorCode}): {e.OrtMessage}", e),
    };

    private static TensorMetadata[] ReadMetadata(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        names.Select(name => new TensorMetadata(name,
            metadata[name].IsTensor ? (TensorElementType)(int)metadata[name].ElementDataType : TensorElementType.Undefined,
            metadata[name].IsTensor ? metadata[name].Dimensions.Select(d => (long)d).ToArray() : [])).ToArray();
}
