using System.Runtime.InteropServices;

namespace DicomNode.Inference;

/// <summary>
/// The NVIDIA libraries the GPU providers of ONNX Runtime 1.32 (built for CUDA 13 and cuDNN 9) load, each with how a
/// site installs it, and a check of which of them the process cannot load. ONNX Runtime itself only says that its
/// provider library failed to load; this names what is missing before a session is tried.
/// </summary>
internal static class GpuLibraries
{
    private const string LinuxCuda = "install the CUDA 13 runtime libraries from NVIDIA's repository (e.g. `apt-get install cuda-cudart-13-0 libcublas-13-0 libcurand-13-0`) and make their folder known to the loader (ldconfig or LD_LIBRARY_PATH)";
    private const string LinuxCudnn = "install cuDNN 9 for CUDA 13 (e.g. `apt-get install libcudnn9-cuda-13` from NVIDIA's repository)";
    private const string LinuxDriver = "install the NVIDIA driver (580 or later for CUDA 13); it provides libcuda.so.1";
    private const string LinuxTensorRt = "install TensorRT 10 for CUDA 13 (e.g. `apt-get install libnvinfer10 libnvonnxparsers10`)";
    private const string WindowsCuda = "install the CUDA 13 toolkit (or its runtime redistributables) and put its bin\\x64 folder on PATH";
    private const string WindowsCudnn = "install cuDNN 9 for CUDA 13 and put its bin folder on PATH";
    private const string WindowsDriver = "install the NVIDIA driver (580 or later for CUDA 13)";
    private const string WindowsTensorRt = "install TensorRT 10 for CUDA 13 and put its lib folder on PATH";

    /// <summary>The libraries <paramref name="provider"/> needs on this operating system, in the order they are checked.</summary>
    public static IReadOnlyList<(string Library, string Install)> Required(ExecutionProvider provider)
    {
        bool windows = OperatingSystem.IsWindows();
        var cuda = windows
            ? new List<(string, string)>
            {
                ("nvcuda.dll", WindowsDriver),
                ("cudart64_13.dll", WindowsCuda),
                ("cublas64_13.dll", WindowsCuda),
                ("cublasLt64_13.dll", WindowsCuda),
                ("curand64_10.dll", WindowsCuda),
                ("cudnn64_9.dll", WindowsCudnn),
            }
            : new List<(string, string)>
            {
                ("libcuda.so.1", LinuxDriver),
                ("libcudart.so.13", LinuxCuda),
                ("libcublas.so.13", LinuxCuda),
                ("libcublasLt.so.13", LinuxCuda),
                ("libcurand.so.10", LinuxCuda),
                ("libcudnn.so.9", LinuxCudnn),
            };
        if (provider == ExecutionProvider.TensorRt)
        {
            cuda.AddRange(windows
                ? [("nvinfer_10.dll", WindowsTensorRt), ("nvonnxparser_10.dll", WindowsTensorRt)]
                : [("libnvinfer.so.10", LinuxTensorRt), ("libnvonnxparser.so.10", LinuxTensorRt)]);
        }

        return cuda;
    }

    /// <summary>The libraries of <paramref name="provider"/> that <paramref name="canLoad"/> (default: the native loader) cannot load.</summary>
    public static IReadOnlyList<(string Library, string Install)> Missing(ExecutionProvider provider, Func<string, bool>? canLoad = null)
    {
        canLoad ??= TryLoad;
        return Required(provider).Where(l => !canLoad(l.Library)).ToList();
    }

    /// <summary>"libcudart.so.13 (install …); libcudnn.so.9 (install …)", one advice per distinct way to install.</summary>
    public static string Describe(IReadOnlyList<(string Library, string Install)> missing) =>
        string.Join("; ", missing.GroupBy(m => m.Install).Select(g => $"{string.Join(", ", g.Select(m => m.Library))}: {g.Key}"));

    private static bool TryLoad(string library)
    {
        // Loaded and kept: ONNX Runtime loads the same libraries right after, and unloading CUDA is not safe.
        return NativeLibrary.TryLoad(library, out _);
    }
}
