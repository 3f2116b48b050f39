using System.Runtime.InteropServices;

namespace DicomNode.Inference.Tests;

/// <summary>
/// Once the runtime's environment exists, a tensor-sized block of the C heap is a mapping of its own, freed back to the
/// system, even after a larger block has been freed (which, left to glibc, raises the threshold so that the next blocks
/// of that size stay in the heap's arenas, resident after they are freed). Read from the blocks' own chunk headers in glibc's heap.
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

        // A block past the threshold is mapped on its own unless an arena already has that much free (left by other tests
        // in this process): each probe that comes from an arena is kept, using that space up, until one is mapped. Under
        // a threshold raised to 24 MiB no 20 MiB block is ever a mapping of its own, however many are asked for.
        var kept = new List<nint>();
        try
        {
            for (var probe = 0; probe < 16; probe++)
            {
                nint block = Marshal.AllocHGlobal(20 * MiB);
                kept.Add(block);

                // glibc marks a chunk that is a mapping of its own with IS_MMAPPED (0x2) in the size field before the pointer.
                if ((Marshal.ReadInt64(block - sizeof(long)) & 0x2) != 0)
                {
                    return;
                }
            }

            Assert.Fail($"16 blocks of 20 MiB all came from the heap's arenas (first chunk size field 0x{Marshal.ReadInt64(kept[0] - sizeof(long)):X}): the threshold is above 20 MiB");
        }
        finally
        {
            kept.ForEach(Marshal.FreeHGlobal);
        }
    }
}
