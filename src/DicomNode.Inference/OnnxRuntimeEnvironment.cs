using DicomNode.Inference.OnnxRuntime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Inference;

/// <summary>
/// The process's ONNX Runtime: the loaded library, its one OrtEnv (logging at warning level),
/// the default CPU allocator and memory info, and the providers the build has.
/// </summary>
/// <remarks>
/// A process-wide singleton on purpose: a native library is loaded once per process and ONNX
/// Runtime allows one OrtEnv, which must outlive every session. It is never released; the
/// operating system reclaims it at exit.
/// </remarks>
public sealed class OnnxRuntimeEnvironment
{
    private static readonly Lock Gate = new();
    private static OnnxRuntimeEnvironment? s_instance;

    private OnnxRuntimeEnvironment(OnnxRuntimeLibrary library)
    {
        Library = library;
        Api = library.Api;
        Env = Api.CreateEnv(OrtLoggingLevel.Warning, "dicomnode");
        Allocator = Api.GetAllocatorWithDefaultOptions();
        CpuMemoryInfo = Api.CreateCpuMemoryInfo();
        AvailableProviders = Api.GetAvailableProviders();
    }

    public OnnxRuntimeLibrary Library { get; }

    /// <summary>Version reported by the library, e.g. "1.30.0".</summary>
    public string Version => Library.Version;

    /// <summary>Provider names the build knows, e.g. "CUDAExecutionProvider", "CPUExecutionProvider".</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    internal OrtApi Api { get; }

    internal nint Env { get; }

    internal nint Allocator { get; }

    internal nint CpuMemoryInfo { get; }

    /// <summary>
    /// The environment, created on first use from <paramref name="libraryPath"/> (or
    /// DICOMNODE_ONNXRUNTIME_PATH, or the copy beside the assembly). A later call asking for a
    /// different library path than the one loaded throws: a process holds one ONNX Runtime.
    /// </summary>
    public static OnnxRuntimeEnvironment GetOrCreate(string? libraryPath = null, ILogger? logger = null)
    {
        lock (Gate)
        {
            if (s_instance is not null)
            {
                if (!string.IsNullOrWhiteSpace(libraryPath) && !NamesLoadedLibrary(libraryPath, s_instance.Library.Path))
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from {s_instance.Library.Path}; a process cannot load a second one from {libraryPath}");
                }

                return s_instance;
            }

            var environment = new OnnxRuntimeEnvironment(OnnxRuntimeLibrary.Load(libraryPath));
            InferenceLog.RuntimeLoaded(logger ?? NullLogger.Instance, environment.Version, environment.Library.Path,
                string.Join(", ", environment.AvailableProviders));
            s_instance = environment;
            return environment;
        }
    }

    // The same file, or the folder it was found in.
    private static bool NamesLoadedLibrary(string requested, string loaded)
    {
        string full = Path.GetFullPath(requested).TrimEnd(Path.DirectorySeparatorChar);
        return string.Equals(full, loaded, StringComparison.Ordinal)
            || string.Equals(full, Path.GetDirectoryName(loaded), StringComparison.Ordinal);
    }

    public bool HasProvider(string providerName) => AvailableProviders.Contains(providerName, StringComparer.Ordinal);
}
