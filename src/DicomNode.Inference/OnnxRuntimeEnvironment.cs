using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DicomNode.Inference;

/// <summary>
/// The process's ONNX Runtime (the official Microsoft.ML.OnnxRuntime packages): its version, the
/// folder its native library was loaded from, and the providers the build has.
/// </summary>
/// <remarks>
/// A process-wide singleton, as ONNX Runtime's own OrtEnv is: one native library per process, one
/// environment that outlives every session. Created on first use, logging at warning level.
/// </remarks>
public sealed class OnnxRuntimeEnvironment
{
    private static readonly Lock Gate = new();
    private static OnnxRuntimeEnvironment? s_instance;

    private OnnxRuntimeEnvironment(OrtEnv env)
    {
        Env = env;
        Version = env.GetVersionString();
        AvailableProviders = env.GetAvailableProviders();
        NativeFolder = FindNativeFolder();
    }

    internal OrtEnv Env { get; }

    /// <summary>Version reported by the library, e.g. "1.32.0".</summary>
    public string Version { get; }

    /// <summary>Provider names the build knows, e.g. "CUDAExecutionProvider", "CPUExecutionProvider".</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    /// <summary>The folder that holds the native onnxruntime library and its provider libraries, when it could be found.</summary>
    public string? NativeFolder { get; }

    /// <summary>The environment, created on first use.</summary>
    public static OnnxRuntimeEnvironment GetOrCreate(ILogger? logger = null)
    {
        lock (Gate)
        {
            if (s_instance is not null)
            {
                return s_instance;
            }

            // Before the runtime allocates anything: its tensors' memory goes back to the system when freed.
            InferenceLog.HeapConfigured(logger ?? NullLogger.Instance, NativeHeap.ReturnLargeBlocksToSystem());
            var creation = new EnvironmentCreationOptions { logId = "dicomnode", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING };
            var environment = new OnnxRuntimeEnvironment(OrtEnv.CreateInstanceWithOptions(ref creation));
            InferenceLog.RuntimeLoaded(logger ?? NullLogger.Instance, environment.Version, environment.NativeFolder ?? "(the loader's search path)",
                string.Join(", ", environment.AvailableProviders));
            s_instance = environment;
            return environment;
        }
    }

    public bool HasProvider(string providerName) => AvailableProviders.Contains(providerName, StringComparer.Ordinal);

    /// <summary>
    /// Beside the application (a self-contained publish, or a build for one runtime identifier), or in the
    /// runtimes/RID/native folder a portable build copies the packages' natives to.
    /// </summary>
    private static string? FindNativeFolder()
    {
        string library = OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";
        string baseFolder = AppContext.BaseDirectory;
        string[] candidates =
        [
            baseFolder,
            Path.Combine(baseFolder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native"),
            Path.Combine(baseFolder, "runtimes", PortableRid(), "native"),
            Path.GetDirectoryName(typeof(OrtEnv).Assembly.Location) ?? baseFolder,
        ];
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, library)));
    }

    private static string PortableRid()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
    }

}
