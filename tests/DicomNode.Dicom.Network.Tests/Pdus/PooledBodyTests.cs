using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>
/// P-DATA-TF bodies read for an association come from the shared pool and go back to it: receiving instance after
/// instance allocates no body per PDU, and each PDU's fragments hold its own bytes even though the buffers are reused.
/// </summary>
public sealed class PooledBodyTests
{
    private const int Fragment = 128 * 1024;
    private const int Pdus = 100;

    [Fact]
    public async Task PooledBodies_ReturnedAfterEachPdu_AllocateNoBodyPerPdu_AndEachPduReadsItsOwnBytes()
    {
        var stream = new MemoryStream();
        for (var i = 0; i < Pdus; i++)
        {
            var data = new byte[Fragment];
            Array.Fill(data, (byte)i);
            var pdu = new DataTransferPdu([new PresentationDataValue(1, IsCommand: false, IsLastFragment: i == Pdus - 1, data)]);
            await PduWriter.WriteAsync(stream, pdu, CancellationToken.None);
        }

        // Warm up the pool and the code paths on the first PDU; a MemoryStream completes every read on this thread.
        stream.Position = 0;
        var first = Assert.IsType<DataTransferPdu>(await PduReader.ReadAsync(stream, 1 << 20, 1 << 16, pooled: true, CancellationToken.None));
        Assert.NotNull(first.Rented);
        first.ReturnBody();
        Assert.Null(first.Rented);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < Pdus; i++)
        {
            var pdu = Assert.IsType<DataTransferPdu>(await PduReader.ReadAsync(stream, 1 << 20, 1 << 16, pooled: true, CancellationToken.None));
            var fragment = Assert.Single(pdu.Values).Fragment;
            Assert.Equal(Fragment, fragment.Length);
            Assert.True(fragment.Span.IndexOfAnyExcept((byte)i) < 0, $"PDU {i} holds another PDU's bytes");
            pdu.ReturnBody();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Fragment, $"{Pdus - 1} PDUs of {Fragment} bytes allocated {allocated} bytes; a body each would be {(long)(Pdus - 1) * Fragment}");
    }

    [Fact]
    public async Task WithoutPooling_TheBodyIsTheReadersOwn_AndReturningItDoesNothing()
    {
        var stream = new MemoryStream();
        await PduWriter.WriteAsync(stream, new DataTransferPdu([new PresentationDataValue(1, IsCommand: true, IsLastFragment: true, new byte[] { 1, 2, 3 })]), CancellationToken.None);
        stream.Position = 0;

        var pdu = Assert.IsType<DataTransferPdu>(await PduReader.ReadAsync(stream, 1 << 20, CancellationToken.None));
        Assert.Null(pdu.Rented);
        pdu.ReturnBody();
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(pdu.Values).Fragment.ToArray());
    }
}
