using System.Diagnostics;
using DicomNode.Inference.OnnxRuntime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Inference;

/// <summary>
/// One loaded ONNX model. Runs read the caller's float buffer in place (pinned for the call) and
/// copy each output once into a managed array. Runs may be concurrent: ONNX Runtime sessions are
/// thread-safe for Run, and <see cref="Dispose"/> waits for none but releases the native session
/// only after the last Run in progress returns.
/// </summary>
public sealed unsafe partial class InferenceSession : IDisposable
{
    private readonly OnnxRuntimeEnvironment _environment;
    private readonly OrtSessionHandle _handle;
    private readonly ILogger _logger;

    private InferenceSession(OnnxRuntimeEnvironment environment, OrtSessionHandle handle, string modelPath, InferenceSessionOptions options,
        ExecutionProvider provider, IReadOnlyList<TensorMetadata> inputs, IReadOnlyList<TensorMetadata> outputs, ILogger logger)
    {
        _environment = environment;
        _handle = handle;
        ModelPath = modelPath;
        Options = options;
        Provider = provider;
        Inputs = inputs;
        Outputs = outputs;
        _logger = logger;
    }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }

    public InferenceSessionOptions Options { get; }

    /// <summary>The provider the session runs on (for Auto, the one chosen).</summary>
    public ExecutionProvider Provider { get; }

    public IReadOnlyList<TensorMetadata> Inputs { get; }

    public IReadOnlyList<TensorMetadata> Outputs { get; }

    /// <summary>
    /// Loads <paramref name="modelPath"/>. Throws <see cref="ModelLoadException"/> when the file is
    /// missing or not a loadable ONNX model, <see cref="ExecutionProviderUnavailableException"/>
    /// when the configured provider cannot be used.
    /// </summary>
    public static InferenceSession Create(string modelPath, InferenceSessionOptions? options = null,
        OnnxRuntimeEnvironment? environment = null, ILogger? logger = null)
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

        environment ??= OnnxRuntimeEnvironment.GetOrCreate(logger: logger);
        OrtApi api = environment.Api;
        var clock = Stopwatch.StartNew();

        ExecutionProvider provider;
        OrtSessionHandle handle;
        nint sessionOptions = api.CreateSessionOptions();
        try
        {
            if (options.IntraOpThreads > 0)
            {
                api.SetIntraOpNumThreads(sessionOptions, options.IntraOpThreads);
            }

            if (options.InterOpThreads > 0)
            {
                api.SetInterOpNumThreads(sessionOptions, options.InterOpThreads);
            }

            api.SetSessionGraphOptimizationLevel(sessionOptions, (int)options.GraphOptimization);
            provider = ExecutionProviderChoice.Apply(environment, sessionOptions, options, fullPath, logger);
            handle = new OrtSessionHandle(api, api.CreateSession(environment.Env, fullPath, sessionOptions));
        }
        catch (OnnxRuntimeException e)
        {
            throw DescribeLoadFailure(fullPath, e);
        }
        finally
        {
            api.ReleaseSessionOptions(sessionOptions);
        }

        try
        {
            nint session = handle.DangerousGetHandle();
            TensorMetadata[] inputs = ReadMetadata(api, session, environment.Allocator, input: true);
            TensorMetadata[] outputs = ReadMetadata(api, session, environment.Allocator, input: false);
            handle.SetNames(inputs.Select(i => i.Name).ToArray(), outputs.Select(o => o.Name).ToArray());
            InferenceLog.SessionCreated(logger, fullPath, clock.Elapsed.TotalMilliseconds, provider,
                string.Join("; ", inputs.Select(i => $"{i.Name} {i}")), string.Join("; ", outputs.Select(o => $"{o.Name} {o}")));
            return new InferenceSession(environment, handle, fullPath, options, provider, inputs, outputs, logger);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => _handle.Dispose();

    private static ModelLoadException DescribeLoadFailure(string fullPath, OnnxRuntimeException e) => e.ErrorCode switch
    {
        OrtErrorCode.NoSuchFile => new ModelLoadException(fullPath, $"model file not found: {fullPath} ({e.OrtMessage.Trim()})", e),
        OrtErrorCode.InvalidProtobuf or OrtErrorCode.InvalidGraph or OrtErrorCode.NoModel =>
            new ModelLoadException(fullPath, $"model {fullPath} is not a valid ONNX model: {e.OrtMessage.Trim()}", e),
        _ => new ModelLoadException(fullPath, $"model {fullPath} could not be loaded by ONNX Runtime ({e.ErrorCode}): {e.OrtMessage.Trim()}", e),
    };

    private static TensorMetadata[] ReadMetadata(OrtApi api, nint session, nint allocator, bool input)
    {
        int count = input ? api.SessionGetInputCount(session) : api.SessionGetOutputCount(session);
        var result = new TensorMetadata[count];
        for (int i = 0; i < count; i++)
        {
            string name = input ? api.SessionGetInputName(session, i, allocator) : api.SessionGetOutputName(session, i, allocator);
            (TensorElementType type, long[] shape, _) = api.SessionGetTypeInfo(session, i, input);
            result[i] = new TensorMetadata(name, type, shape);
        }

        return result;
    }
}
