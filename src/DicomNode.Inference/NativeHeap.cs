using System.Runtime.InteropServices;

namespace DicomNode.Inference;

/// <summary>
/// How the C heap that ONNX Runtime allocates its tensors from gives memory back. glibc's malloc serves a block
/// larger than its mmap threshold (128 KiB at first) with a mapping of its own and unmaps it when freed, but each time
/// such a block is freed it raises the threshold to that block's size (up to 32 MiB): after the first model run the
/// activations of a few megabytes come from the heap's arenas instead, and freed arena memory stays resident. A node
/// analysing study after study then kept 450–590 MiB after each job and peaked at 0.9–1.1 GiB; with the threshold fixed
/// at <see cref="MmapThresholdBytes"/> it keeps about 290 MiB and peaks at 780–830 MiB, as fast
/// (tests/DicomNode.Benchmarks/README.md, time to result).
/// </summary>
internal static class NativeHeap
{
    /// <summary>Blocks of this size and larger are mapped on their own and returned to the system when freed.</summary>
    public const int MmapThresholdBytes = 4 << 20;

    /// <summary>glibc's variable that sets the threshold for the process; a site that sets it keeps its own value.</summary>
    public const string ThresholdVariable = "MALLOC_MMAP_THRESHOLD_";

    /// <summary>mallopt's M_MMAP_THRESHOLD (malloc.h); setting it also turns the threshold's raising off.</summary>
    private const int MallocMmapThreshold = -3;

    private static readonly Lazy<string> s_outcome = new(FixThreshold);

    /// <summary>
    /// Fixes glibc's mmap threshold once per process, on Linux, unless <see cref="ThresholdVariable"/> is set; returns
    /// what was done, for the log (the same sentence on every call). Elsewhere (Windows, macOS, a C library without
    /// mallopt) it changes nothing.
    /// </summary>
    public static string ReturnLargeBlocksToSystem() => s_outcome.Value;

    private static string FixThreshold()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the system's allocator as it is";
        }

        if (Environment.GetEnvironmentVariable(ThresholdVariable) is { Length: > 0 } value)
        {
            return $"glibc's mmap threshold from {ThresholdVariable}={value}";
        }

        try
        {
            return mallopt(MallocMmapThreshold, MmapThresholdBytes) == 1
                ? $"glibc's mmap threshold fixed at {MmapThresholdBytes >> 20} MiB"
                : "the C library refused a fixed mmap threshold; its allocator as it is";
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return "a C library without mallopt; its allocator as it is";
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
