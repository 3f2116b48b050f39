using System.Runtime.InteropServices;

namespace DicomNode.Inference.Tests;

/// <summary>
/// Once the runtime's environment exists, a tensor-sized block of the C heap is a mapping of its own, freed back to the
/// system, even after a larger block has been freed (which, left to glibc, raises the threshold so that the next blocks
/// of that size stay in the heap's arenas, resident after they are freed). Read from glibc's own counters (mallinfo2).
/// </summary>
public sealed class NativeHeapTests
{
    private const int MiB = 1 << 20;

    [Fact]
    public void AfterTheRuntimeIsCreated_LargeBlocksAreMappedOnTheirOwn_EvenAfterALargerOneWasFreed()
    {
        // This machine's C library is glibc (Debian); the check means nothing where a site sets the threshold itself.
        Assert.True(OperatingSystem.IsLinux(), "glibc's counters are read on Linux");
        Assert.True(Environment.GetEnvironmentVariable(NativeHeap.ThresholdVariable) is null,
            $"{NativeHeap.ThresholdVariable} is set in the test's environment: the node leaves the threshold to it");

        OnnxRuntimeEnvironment.GetOrCreate();
        Assert.Contains("fixed at 4 MiB", NativeHeap.ReturnLargeBlocksToSystem(), StringComparison.Ordinal);

        // A freed 24 MiB mapping would raise glibc's dynamic threshold to 24 MiB.
        // Marshal.AllocHGlobal is malloc on Unix.
        Marshal.FreeHGlobal(Marshal.AllocHGlobal(24 * MiB));

        long before = (long)mallinfo2().hblkhd;
        nint block = Marshal.AllocHGlobal(8 * MiB);
        long mapped = (long)mallinfo2().hblkhd - before;
        Marshal.FreeHGlobal(block);

        Assert.True(mapped >= 8 * MiB, $"an 8 MiB block added {mapped} bytes of mappings: it came from the heap's arenas");
    }

    /// <summary>glibc's struct mallinfo2 (malloc.h, glibc 2.33 and later): every field a size_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena;
        public nuint ordblks;
        public nuint smblks;
        public nuint hblks;
        public nuint hblkhd;
        public nuint usmblks;
        public nuint fsmblks;
        public nuint uordblks;
        public nuint fordblks;
        public nuint keepcost;
    }

    [DllImport("libc")]
    private static extern MallInfo2 mallinfo2();
}
