using System.Runtime.InteropServices;

namespace DicomNode.Inference.Tests;

/// <summary>
/// Once the runtime's environment exists, a tensor-sized block of the C heap is a mapping of its own, freed back to the
/// system, even after a larger block has been freed (which, left to glibc, raises the threshold so that the next blocks
/// of that size stay in the heap's arenas, resident after they are freed). Read from the block's own chunk header in glibc's heap.
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

        nint block = Marshal.AllocHGlobal(8 * MiB);
        try
        {
            // The block's own chunk header, not the process's totals (other tests allocate and free meanwhile): glibc marks
            // a chunk that is a mapping of its own with IS_MMAPPED (0x2) in the size field just before the pointer.
            long size = Marshal.ReadInt64(block - sizeof(long));
            Assert.True((size & 0x2) != 0, $"an 8 MiB block came from the heap's arenas (chunk size field 0x{size:X}), not a mapping of its own");
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
    }
}
