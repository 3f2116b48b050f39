using System.Buffers.Binary;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Dimse;

public sealed class DimseCommandTests
{
    [Fact]
    public void Encode_StartsWithAGroupLengthCountingTheRest()
    {
        var bytes = DimseCommand.CStoreRequest(7, "1.2.840.10008.5.1.4.1.1.4", "1.2.3.4").Encode();
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal((uint)(bytes.Length - 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
    }

    [Fact]
    public void CStoreRequest_RoundTripsThroughEncodeAndDecode()
    {
        var command = DimseCommand.Decode(DimseCommand.CStoreRequest(7, "1.2.840.10008.5.1.4.1.1.4", "1.2.3.4", priority: 2).Encode());
        Assert.Equal(CommandField.CStoreRequest, command.CommandField);
        Assert.True(command.IsRequest);
        Assert.True(command.HasDataSet);
        Assert.Equal(7, command.MessageId);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.4", command.AffectedSopClassUid);
        Assert.Equal("1.2.3.4", command.AffectedSopInstanceUid);
        Assert.Equal((ushort)2, command.Dataset.GetUInt16(DicomTags.Priority));
    }

    [Fact]
    public void ResponseTo_EchoesTheRequestAndCarriesTheStatus()
    {
        var request = DimseCommand.CStoreRequest(9, "1.2.840.10008.5.1.4.1.1.4", "1.2.3.4");
        var response = DimseCommand.Decode(DimseCommand.ResponseTo(request, DimseStatus.OutOfResources, "disk full").Encode());
        Assert.Equal(CommandField.CStoreResponse, response.CommandField);
        Assert.False(response.IsRequest);
        Assert.False(response.HasDataSet);
        Assert.Equal(9, response.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.OutOfResources, response.Status);
        Assert.Equal("disk full", response.ErrorComment);
        Assert.Equal("1.2.3.4", response.AffectedSopInstanceUid);
    }

    [Fact]
    public void Decode_RefusesElementsOutsideGroup0000()
    {
        var bytes = new byte[] { 0x08, 0x00, 0x60, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'M', (byte)'R' };
        Assert.Throws<DicomFormatException>(() => DimseCommand.Decode(bytes));
    }

    [Theory]
    [InlineData(0xA701, DimseStatusCategory.Failure)]
    [InlineData(0xA9FF, DimseStatusCategory.Failure)]
    [InlineData(0xB007, DimseStatusCategory.Warning)]
    [InlineData(0xC123, DimseStatusCategory.Failure)]
    [InlineData(0xFF00, DimseStatusCategory.Pending)]
    [InlineData(0xFE00, DimseStatusCategory.Cancel)]
    [InlineData(0x0000, DimseStatusCategory.Success)]
    public void FromCode_ClassifiesByTheRangesOfPS3_7AnnexC(int code, DimseStatusCategory category)
    {
        Assert.Equal(category, DimseStatus.FromCode((ushort)code).Category);
    }

    [Fact]
    public void Assembler_JoinsCommandFragmentsAndPassesDataThrough()
    {
        var assembler = new DimseMessageAssembler();
        var command = DimseCommand.CStoreRequest(1, "1.2.840.10008.5.1.4.1.1.4", "1.2.3").Encode();
        Assert.Equal(AssemblyProgress.CommandFragment, assembler.Accept(new PresentationDataValue(3, true, false, command.AsMemory(0, 10))));
        Assert.Equal(AssemblyProgress.CommandComplete, assembler.Accept(new PresentationDataValue(3, true, true, command.AsMemory(10))));
        Assert.Equal("1.2.3", assembler.Command!.AffectedSopInstanceUid);
        Assert.Equal(AssemblyProgress.DataFragment, assembler.Accept(new PresentationDataValue(3, false, false, new byte[4])));
        Assert.Equal(AssemblyProgress.DataComplete, assembler.Accept(new PresentationDataValue(3, false, true, new byte[4])));
        Assert.True(assembler.IsIdle);
    }

    [Fact]
    public void Assembler_RefusesDataWithoutACommandAndDataOnAnotherContext()
    {
        Assert.Throws<DimseProtocolException>(() => new DimseMessageAssembler().Accept(new PresentationDataValue(1, false, true, new byte[2])));

        var assembler = new DimseMessageAssembler();
        assembler.Accept(new PresentationDataValue(1, true, true, DimseCommand.CStoreRequest(1, "1.2", "1.3").Encode()));
        Assert.Throws<DimseProtocolException>(() => assembler.Accept(new PresentationDataValue(3, false, true, new byte[2])));
    }

    [Fact]
    public void Assembler_RefusesAnOversizedCommand()
    {
        var assembler = new DimseMessageAssembler();
        var chunk = new byte[16 * 1024];
        Assert.Throws<DimseProtocolException>(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                assembler.Accept(new PresentationDataValue(1, true, false, chunk));
            }
        });
    }
}
