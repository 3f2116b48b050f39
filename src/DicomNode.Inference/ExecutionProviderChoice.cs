using Microsoft.Extensions.Logging;

namespace DicomNode.Inference;

/// <summary>
/// Appends the configured execution provider to a session's options and says which one runs:
/// a provider asked for by name must work or the session fails with
/// <see cref="ExecutionProviderUnavailableException"/>; <see cref="ExecutionProvider.Auto"/>
/// tries CUDA, then DirectML on Windows, then settles on the CPU, logging each step.
/// </summary>
internal static class ExecutionProviderChoice
{
    internal const string CudaName = "CUDAExecutionProvider";
    internal const string DirectMlName = "DmlExecutionProvider";
    private const string DirectMlExport = "OrtSessionOptionsAppendExecutionProvider_DML";

    public static ExecutionProvider Apply(OnnxRuntimeEnvironment environment, nint sessionOptions, InferenceSessionOptions options, string modelPath, ILogger logger)
    {
        switch (options.Provider)
        {
            case ExecutionProvider.Cpu:
                InferenceLog.ProviderChosen(logger, modelPath, ExecutionProvider.Cpu, "configured");
                return ExecutionProvider.Cpu;

            case ExecutionProvider.Cuda:
                AppendCuda(environment, sessionOptions, options.DeviceId);
                InferenceLog.ProviderChosen(logger, modelPath, ExecutionProvider.Cuda, $"configured, device {options.DeviceId}");
                return ExecutionProvider.Cuda;

            case ExecutionProvider.DirectMl:
                AppendDirectMl(environment, sessionOptions, options.DeviceId);
                InferenceLog.ProviderChosen(logger, modelPath, ExecutionProvider.DirectMl, $"configured, device {options.DeviceId}");
                return ExecutionProvider.DirectMl;

            default:
                return ApplyAuto(environment, sessionOptions, options, modelPath, logger);
        }
    }

    private static ExecutionProvider ApplyAuto(OnnxRuntimeEnvironment environment, nint sessionOptions, InferenceSessionOptions options, string modelPath, ILogger logger)
    {
        try
        {
            AppendCuda(environment, sessionOptions, options.DeviceId);
            InferenceLog.ProviderChosen(logger, modelPath, ExecutionProvider.Cuda, $"auto, device {options.DeviceId}");
            return ExecutionProvider.Cuda;
        }
        catch (ExecutionProviderUnavailableException e)
        {
            InferenceLog.ProviderFallback(logger, modelPath, ExecutionProvider.Cuda, e.Message);
        }

        if (OperatingSystem.IsWindows())
        {
            try
            {
                AppendDirectMl(environment, sessionOptions, options.DeviceId);
                InferenceLog.ProviderChosen(logger, modelPath, ExecutionProvider.DirectMl, $"auto, device {options.DeviceId}");
                return ExecutionProvider.DirectMl;
            }
            catch (ExecutionProviderUnavailableException e)
            {
                InferenceLog.ProviderFallback(logger, modelPath, ExecutionProvider.DirectMl, e.Message);
            }
        }

        InferenceLog.ProviderChosen(logger, modelPath, ExecutionProvider.Cpu, "auto: no GPU provider could be used");
        return ExecutionProvider.Cpu;
    }

    private static void AppendCuda(OnnxRuntimeEnvironment environment, nint sessionOptions, int deviceId)
    {
        string advice = $"supply a GPU build via {OnnxRuntime.OnnxRuntimeLibrary.PathVariable} or choose cpu";
        if (!environment.HasProvider(CudaName))
        {
            throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda,
                $"CUDA requested but this ONNX Runtime build ({environment.Version}, {environment.Library.Path}) has no CUDA provider; {advice}");
        }

        try
        {
            environment.Api.AppendCudaProvider(sessionOptions, deviceId);
        }
        catch (OnnxRuntimeException e)
        {
            // The npm linux-x64 library knows CUDA but ships without libonnxruntime_providers_cuda.so
            // (its install script would download it); a missing CUDA runtime fails the same way.
            throw new ExecutionProviderUnavailableException(ExecutionProvider.Cuda,
                $"CUDA requested but this ONNX Runtime build ({environment.Version}, {environment.Library.Path}) cannot load its CUDA provider: {e.OrtMessage.Trim()}; {advice}", e);
        }
    }

    private static void AppendDirectMl(OnnxRuntimeEnvironment environment, nint sessionOptions, int deviceId)
    {
        if (!OperatingSystem.IsWindows())
        {
            throw new ExecutionProviderUnavailableException(ExecutionProvider.DirectMl,
                "DirectML requested but DirectML exists only on Windows; choose cpu, cuda or auto");
        }

        if (!environment.HasProvider(DirectMlName) || !environment.Library.TryGetExport(DirectMlExport, out nint append))
        {
            throw new ExecutionProviderUnavailableException(ExecutionProvider.DirectMl,
                $"DirectML requested but this ONNX Runtime build ({environment.Version}, {environment.Library.Path}) has no DirectML provider; choose cpu or auto");
        }

        try
        {
            environment.Api.AppendDirectMlProvider(sessionOptions, append, deviceId);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ExecutionProviderUnavailableException(ExecutionProvider.DirectMl,
                $"DirectML requested but it could not be started on device {deviceId}: {e.OrtMessage.Trim()}; choose cpu or auto", e);
        }
    }
}
