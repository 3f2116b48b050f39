using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>Runs alone, so that the process's heap measures only what the server did.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    public const string Name = "Measured alone";
}

/// <summary>Lengths and bytes from the wire never decide how much the server allocates.</summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class HostileMemoryTests
{
    private const long HeapGrowthLimit = 4 * 1024 * 1024;

    [Theory]
    [InlineData(PduType.DataTransfer, 0xFFFF_FFFFu)]
    [InlineData(PduType.DataTransfer, 0x7FFF_FFC7u)]
    [InlineData(PduType.AssociateRequest, 0xFFFF_FFFFu)]
    public async Task PduHeader_ClaimingGigabytes_IsAbortedWithoutAllocatingIt(PduType type, uint claimedLength)
    {
        await using var scp = HostileServer.Start();
        await NormalClient.AssertEchoAndStoreSucceedAsync(scp);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var hostile = WirePdus.Header(type, claimedLength).Concat(new byte[64]).ToArray();
        var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, hostile, HostileServer.Artim + HostileServer.Slack);

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;

        // More than our cap (PduReader checks before allocating): Evt19 in Sta2, AA-1.
        Assert.Equal(WirePdus.Abort(AbortSource.ServiceUser, AbortReason.NotSpecified), answer.Bytes);
        Assert.True(allocated < 64 * 1024 * 1024, $"{allocated:N0} bytes allocated while a {claimedLength:N0}-byte PDU was claimed");
        Assert.True(heapGrowth < HeapGrowthLimit, $"the heap grew by {heapGrowth:N0} bytes");
    }

    [Fact]
    public async Task RandomBytes_AreAbortedOrClosed_AndTheHeapStaysFlat()
    {
        await using var scp = HostileServer.Start();
        await NormalClient.AssertEchoAndStoreSucceedAsync(scp);
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var random = new Random(20240611);
        for (int round = 0; round < 4; round++)
        {
            var bytes = new byte[random.Next(1, 256 * 1024)];
            random.NextBytes(bytes);
            var answer = await HostileServer.SendWhileAnotherClientStoresAsync(scp, bytes, HostileServer.Artim + HostileServer.Slack);

            // Whatever the first bytes happen to claim, the answer is an A-ABORT or nothing, then the close.
            Assert.True(answer.Bytes.Length == 0 || answer.Bytes.AsSpan().SequenceEqual(WirePdus.Abort(AbortSource.ServiceUser, AbortReason.NotSpecified)),
                $"round {round} (first byte 0x{bytes[0]:X2}): the server answered {Convert.ToHexString(answer.Bytes)}");
        }

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(allocated < 256 * 1024 * 1024, $"{allocated:N0} bytes allocated for 4 rounds of at most 256 KiB");
        Assert.True(heapGrowth < HeapGrowthLimit, $"the heap grew by {heapGrowth:N0} bytes");
    }
}
