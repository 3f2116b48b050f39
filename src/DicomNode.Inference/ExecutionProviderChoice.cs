using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace DicomNode.Inference;

/// <summary>
/// Which providers a session is tried on, and appending one to the session's options: a provider asked for by name
/// must work or the session fails with <see cref="ExecutionProviderUnavailableException"/> naming the missing library
/// and how to install it; <see cref="ExecutionProvider.Auto"/> tries CUDA, then settles on the CPU, logging each step
/// with its reason. TensorRT is never chosen by auto: its engines take minutes to build on first use.
/// </summary>
internal static class ExecutionProviderChoice
{
    internal const string CudaName = "CUDAExecutionProvider";
    internal const string TensorRtName = "TensorrtExecutionProvider";

    /// <summary>The providers to try, in order.</summary>
    public static IReadOnlyList<ExecutionProvider> Candidates(ExecutionProvider requested) => requested switch
    {
        ExecutionProvider.Auto => [ExecutionProvider.Cuda, ExecutionProvider.Cpu],
        _ => [requested],
    };

    /// <summary>Human name of a provider and device: "CPU", "CUDA device 0", "TensorRT device 0".</summary>
    public static string DeviceName(ExecutionProvider provider, int deviceId) => provider switch
    {
        ExecutionProvider.Cuda => $"CUDA device {deviceId}",
        ExecutionProvider.TensorRt => $"TensorRT device {deviceId}",
        _ => "CPU",
    };

    /// <summary>
    /// Appends <paramref name="provider"/> (with CUDA behind TensorRT) to <paramref name="sessionOptions"/>, after
    /// checking that the runtime has it and that the libraries it needs load. The CPU needs nothing appended.
    /// </summary>
    public static void Append(OnnxRuntimeEnvironment environment, SessionOptions sessionOptions, ExecutionProvider provider, int deviceId,
        Func<string, bool>? canLoad)
    {
        if (provider == ExecutionProvider.Cpu)
        {
            return;
        }

        string label = provider == ExecutionProvider.TensorRt ? "TensorRT" : "CUDA";
        string providerName = provider == ExecutionProvider.TensorRt ? TensorRtName : CudaName;
        string build = $"ONNX Runtime {environment.Version}{(environment.NativeFolder is { } folder ? $" in {folder}" : string.Empty)}";
        if (!environment.HasProvider(providerName))
        {
            throw new ExecutionProviderUnavailableException(provider,
                $"{label} requested but this {build} has no {providerName} (the CPU-only package; the GPU packages exist for linux-x64 and win-x64); choose cpu or auto");
        }

        IReadOnlyList<(string Library, string Install)> missing = GpuLibraries.Missing(provider, canLoad);
        if (missing.Count > 0)
        {
            throw new ExecutionProviderUnavailableException(provider,
                $"{label} requested but {string.Join(", ", missing.Select(m => m.Library))} cannot be loaded: {GpuLibraries.Describe(missing)}; or choose cpu or auto");
        }

        try
        {
            if (provider == ExecutionProvider.TensorRt)
            {
                sessionOptions.AppendExecutionProvider_Tensorrt(deviceId);
            }

            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            string? loader = LoaderError(environment, provider);
            throw new ExecutionProviderUnavailableException(provider,
                $"{label} requested but {build} could not load its {label} provider on device {deviceId}: {e.Message.Trim()}"
                + (loader is null ? string.Empty : $" (the loader: {loader})") + "; choose cpu or auto", e);
        }
    }

    /// <summary>
    /// What the native loader says of the provider library, which names the first library it could not find; ONNX
    /// Runtime's own message says only that loading failed. Null when it loads or cannot be found.
    /// </summary>
    private static string? LoaderError(OnnxRuntimeEnvironment environment, ExecutionProvider provider)
    {
        string name = provider == ExecutionProvider.TensorRt ? "tensorrt" : "cuda";
        string file = OperatingSystem.IsWindows() ? $"onnxruntime_providers_{name}.dll" : $"libonnxruntime_providers_{name}.so";
        if (environment.NativeFolder is not { } folder || !File.Exists(Path.Combine(folder, file)))
        {
            return null;
        }

        try
        {
            System.Runtime.InteropServices.NativeLibrary.Free(System.Runtime.InteropServices.NativeLibrary.Load(Path.Combine(folder, file)));
            return null;
        }
        catch (DllNotFoundException e)
        {
            // .NET puts the loader's own line ("libcublasLt.so.13: cannot open shared object file: …") last.
            return e.Message.Trim().Split('\n')[^1].Trim();
        }
    }

    public static void LogChosen(ILogger logger, string modelPath, ExecutionProvider requested, ExecutionProvider provider, int deviceId)
    {
        string reason = requested == ExecutionProvider.Auto
            ? provider == ExecutionProvider.Cpu ? "auto: no GPU provider could be used" : $"auto, {DeviceName(provider, deviceId)}"
            : provider == ExecutionProvider.Cpu ? "configured" : $"configured, {DeviceName(provider, deviceId)}";
        InferenceLog.ProviderChosen(logger, modelPath, provider, reason);
    }
}
