using System.Buffers.Binary;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>Malformed PDUs: each must end in a <see cref="PduFormatException"/> naming the A-ABORT reason.</summary>
public sealed class PduRejectionTests
{
    private const uint MaxPduLength = 16384;

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x08)]
    [InlineData(0xFF)]
    public async Task UnknownPduType_IsUnrecognizedPdu(byte type)
    {
        byte[] bytes = [type, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00];

        var decoded = Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));
        var read = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(bytes));

        Assert.Equal(AbortReason.UnrecognizedPdu, decoded.AbortReason);
        Assert.Equal(AbortReason.UnrecognizedPdu, read.AbortReason);
        Assert.Null(read.PduType);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x01)]
    [InlineData(0x02)]
    public async Task FourGigabyteLengthClaim_IsRejectedBeforeAllocating(byte type)
    {
        byte[] bytes = [type, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00];
        using var stream = new MemoryStream(bytes);
        await ReadAsync(PduWriter.Encode(new ReleaseRequestPdu())); // warm the code path up

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<PduFormatException>(() => PduReader.ReadAsync(stream, MaxPduLength, CancellationToken.None).AsTask());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(AbortReason.InvalidPduParameterValue, error.AbortReason);
        Assert.Equal((PduType)type, error.PduType);
        Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public async Task DataTransferLongerThanMaximum_IsRejected()
    {
        var pdu = new DataTransferPdu([new PresentationDataValue(1, false, true, new byte[MaxPduLength])]);

        var error = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(PduWriter.Encode(pdu)));

        Assert.Equal(PduType.DataTransfer, error.PduType);
    }

    [Fact]
    public async Task DataTransferOfExactlyMaximum_IsAccepted()
    {
        var pdu = new DataTransferPdu([new PresentationDataValue(1, false, true, new byte[MaxPduLength - 6])]);

        Pdu? read = await ReadAsync(PduWriter.Encode(pdu));

        Assert.IsType<DataTransferPdu>(read);
    }

    [Fact]
    public async Task EmptyStream_ReadsAsNull()
    {
        Assert.Null(await ReadAsync([]));
    }

    [Fact]
    public async Task StreamEndingInsideHeader_IsRejected()
    {
        var error = await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync([0x05, 0x00, 0x00]));

        Assert.Equal(PduType.ReleaseRequest, error.PduType);
    }

    [Fact]
    public async Task StreamEndingInsideBody_IsRejected()
    {
        byte[] whole = PduWriter.Encode(SampleRequest());

        foreach (int length in new[] { 6, 7, 50, whole.Length - 1 })
        {
            await Assert.ThrowsAsync<PduFormatException>(() => ReadAsync(whole[..length]));
            Assert.Throws<PduFormatException>(() => PduReader.Decode(whole[..length]));
        }
    }

    [Fact]
    public async Task ConsecutivePdus_AreReadOneAtATime()
    {
        byte[] bytes = PduWriter.Encode(SampleRequest()).Concat(PduWriter.Encode(new ReleaseRequestPdu())).ToArray();
        using var stream = new MemoryStream(bytes);

        Assert.IsType<AssociateRequestPdu>(await PduReader.ReadAsync(stream, MaxPduLength, CancellationToken.None));
        Assert.IsType<ReleaseRequestPdu>(await PduReader.ReadAsync(stream, MaxPduLength, CancellationToken.None));
        Assert.Null(await PduReader.ReadAsync(stream, MaxPduLength, CancellationToken.None));
    }

    [Theory]
    [InlineData(0x03)]
    [InlineData(0x05)]
    [InlineData(0x06)]
    [InlineData(0x07)]
    public void FixedLengthPdu_WithOtherLength_IsRejected(byte type)
    {
        byte[] bytes = [type, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00];

        var error = Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));

        Assert.Equal(AbortReason.InvalidPduParameterValue, error.AbortReason);
    }

    [Fact]
    public void PresentationContextItemLengthPastThePdu_IsRejected()
    {
        byte[] bytes = PduWriter.Encode(SampleRequest());
        int item = IndexOfItem(bytes, 0x20);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(item + 2), 0x7FFF);

        var error = Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));

        Assert.Equal(AbortReason.InvalidPduParameterValue, error.AbortReason);
        Assert.Equal(item + 2, error.Offset);
    }

    [Fact]
    public void SubItemLengthPastItsPresentationContext_IsRejected()
    {
        // The abstract syntax sub-item claims more than its presentation context holds, though the
        // bytes exist further on in the PDU.
        byte[] bytes = PduWriter.Encode(SampleRequest());
        int abstractSyntax = IndexOfItem(bytes, 0x20) + 8;
        Assert.Equal(0x30, bytes[abstractSyntax]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(abstractSyntax + 2), 60);

        Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));
    }

    [Fact]
    public void TwoHundredPresentationContexts_AreRejected()
    {
        var contexts = Enumerable.Range(0, 200)
            .Select(i => new PresentationContextProposal((byte)((2 * i) + 1), "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]))
            .ToList();
        byte[] bytes = PduWriter.Encode(SampleRequest() with { PresentationContexts = contexts });

        var error = Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));

        Assert.Contains("128", error.Message);
    }

    [Fact]
    public void OneHundredTwentyEightPresentationContexts_AreAccepted()
    {
        var contexts = Enumerable.Range(0, 128)
            .Select(i => new PresentationContextProposal((byte)((2 * i) + 1), "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]))
            .ToList();

        var decoded = (AssociateRequestPdu)PduReader.Decode(PduWriter.Encode(SampleRequest() with { PresentationContexts = contexts }));

        Assert.Equal(128, decoded.PresentationContexts.Count);
        Assert.Equal(255, decoded.PresentationContexts[^1].Id);
    }

    [Fact]
    public void DuplicatePresentationContextId_IsRejected()
    {
        var context = new PresentationContextProposal(3, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]);

        Assert.Throws<PduFormatException>(() => PduReader.Decode(PduWriter.Encode(SampleRequest() with { PresentationContexts = [context, context] })));
    }

    [Fact]
    public void EvenPresentationContextId_IsRejected()
    {
        var context = new PresentationContextProposal(2, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]);

        Assert.Throws<PduFormatException>(() => PduReader.Decode(PduWriter.Encode(SampleRequest() with { PresentationContexts = [context] })));
    }

    [Fact]
    public void PresentationContextWithoutTransferSyntax_IsRejected()
    {
        var context = new PresentationContextProposal(1, "1.2.840.10008.1.1", []);

        Assert.Throws<PduFormatException>(() => PduReader.Decode(PduWriter.Encode(SampleRequest() with { PresentationContexts = [context] })));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    public void PdvLengthBelowTwo_IsRejected(uint pdvLength)
    {
        byte[] bytes = Bytes.Of(0x04, 0x00, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, (int)pdvLength, 0x01, 0x03);

        var error = Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));

        Assert.Equal(AbortReason.InvalidPduParameterValue, error.AbortReason);
        Assert.Equal(6, error.Offset);
    }

    [Fact]
    public void PdvLengthPastThePdu_IsRejected()
    {
        byte[] bytes = Bytes.Of(0x04, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x04, 0x01, 0x03, 0xAA);

        Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));
    }

    [Fact]
    public void DataTransferWithoutPdv_IsRejected()
    {
        Assert.Throws<PduFormatException>(() => PduReader.Decode(Bytes.Of(0x04, 0x00, 0x00, 0x00, 0x00, 0x00)));
    }

    [Fact]
    public void PduLengthDisagreeingWithTheSpan_IsRejected()
    {
        byte[] bytes = PduWriter.Encode(new ReleaseRequestPdu()).Concat(new byte[] { 0 }).ToArray();

        Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));
    }

    [Fact]
    public void UnknownTopLevelItem_IsIgnored()
    {
        byte[] encoded = PduWriter.Encode(SampleRequest());
        byte[] unknownItem = [0x7F, 0x00, 0x00, 0x02, 0xAB, 0xCD];
        int userInformation = IndexOfItem(encoded, 0x50);
        byte[] bytes = encoded[..userInformation].Concat(unknownItem).Concat(encoded[userInformation..]).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)(bytes.Length - 6));

        PduAssert.Equal(SampleRequest(), PduReader.Decode(bytes));
    }

    [Fact]
    public void MisplacedKnownItem_IsUnexpectedParameter()
    {
        // A presentation context item of the A-ASSOCIATE-AC kind inside an A-ASSOCIATE-RQ.
        byte[] bytes = PduWriter.Encode(SampleRequest());
        bytes[IndexOfItem(bytes, 0x20)] = 0x21;

        var error = Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));

        Assert.Equal(AbortReason.UnexpectedPduParameter, error.AbortReason);
    }

    [Fact]
    public void AssociateRequestWithoutApplicationContext_IsRejected()
    {
        byte[] bytes = PduWriter.Encode(SampleRequest());
        bytes[IndexOfItem(bytes, 0x10)] = 0x11; // now an unknown item, ignored

        Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));
    }

    [Fact]
    public void AssociateRequestShorterThanItsFixedFields_IsRejected()
    {
        Assert.Throws<PduFormatException>(() => PduReader.Decode(Bytes.Of(0x01, 0x00, 0x00, 0x00, 0x00, 0x0A, Bytes.Zeros(10))));
    }

    [Fact]
    public void MaximumLengthSubItemOfWrongLength_IsRejected()
    {
        byte[] bytes = PduWriter.Encode(SampleRequest());
        int maximumLength = IndexOfItem(bytes, 0x50) + 4;
        Assert.Equal(0x51, bytes[maximumLength]);
        bytes[maximumLength + 3] = 0x03;

        Assert.Throws<PduFormatException>(() => PduReader.Decode(bytes));
    }

    private static AssociateRequestPdu SampleRequest() =>
        new("CALLED", "CALLING", [new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])], new UserInformation { MaximumLength = MaxPduLength });

    /// <summary>Walks the top-level items of an A-ASSOCIATE PDU to find the first of a type.</summary>
    private static int IndexOfItem(byte[] pdu, byte itemType)
    {
        int position = 6 + 68;
        while (pdu[position] != itemType)
        {
            position += 4 + BinaryPrimitives.ReadUInt16BigEndian(pdu.AsSpan(position + 2));
        }

        return position;
    }

    private static async Task<Pdu?> ReadAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await PduReader.ReadAsync(stream, MaxPduLength, CancellationToken.None);
    }
}
