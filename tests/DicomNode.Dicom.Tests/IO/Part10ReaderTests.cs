using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Tests.IO;

public sealed class Part10ReaderTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";
    private const string ImplicitLE = "1.2.840.10008.1.2";
    private const string BigEndian = "1.2.840.10008.1.2.2";

    [Fact]
    public void Read_UndefinedLengthSequenceAndItems_EndAtTheirDelimiters()
    {
        var ds = new EncodedBytes()
            .Tag(0x0008, 0x1140).Raw("SQ"u8.ToArray()).U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .Explicit(0x0008, 0x1155, "UI", EncodedBytes.Ascii("1.2.3\0"))
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE000).U32(14)
            .Explicit(0x0008, 0x1155, "UI", EncodedBytes.Ascii("1.2.45"))
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .Explicit(0x0010, 0x0020, "LO", EncodedBytes.Ascii("ID"))
            .ToArray();

        var file = Part10Reader.Read(EncodedBytes.Part10(ExplicitLE, ds));

        var items = file.Dataset.GetSequence(DicomTags.ReferencedImageSequence)!.Items;
        Assert.Equal(2, items.Count);
        Assert.Equal("1.2.3", items[0].GetUid(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal("1.2.45", items[1].GetUid(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal("ID", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void Read_ImplicitVR_TakesVRsFromTheDictionaryAndParsesSequences()
    {
        var item = new EncodedBytes().Implicit(0x0008, 0x1150, EncodedBytes.Ascii("1.2.840.10008.5.1.4.1.1.4\0")).ToArray();
        var ds = new EncodedBytes()
            .Implicit(0x0008, 0x1140, new EncodedBytes().Tag(0xFFFE, 0xE000).U32((uint)item.Length).Raw(item).ToArray())
            .Implicit(0x0028, 0x0010, BitConverter.GetBytes((ushort)512))
            .Implicit(0x0029, 0x1001, new byte[] { 1, 2 })
            .ToArray();

        var file = Part10Reader.Read(EncodedBytes.Part10(ImplicitLE, ds));

        Assert.Equal(DicomVR.SQ, file.Dataset[DicomTags.ReferencedImageSequence]!.VR);
        Assert.Equal(DicomVR.US, file.Dataset[DicomTags.Rows]!.VR);
        Assert.Equal((ushort)512, file.Dataset.GetUInt16(DicomTags.Rows));
        Assert.Equal(DicomVR.UN, file.Dataset[new DicomTag(0x0029, 0x1001)]!.VR);
    }

    [Fact]
    public void Read_ImplicitVR_ResolvesUsOrSsByPixelRepresentation()
    {
        var ds = new EncodedBytes()
            .Implicit(0x0028, 0x0103, BitConverter.GetBytes((ushort)1))
            .Implicit(0x0028, 0x0106, BitConverter.GetBytes((short)-7))
            .ToArray();
        var file = Part10Reader.Read(EncodedBytes.Part10(ImplicitLE, ds));
        Assert.Equal(DicomVR.SS, file.Dataset[DicomTags.SmallestImagePixelValue]!.VR);
        Assert.Equal(-7, file.Dataset.GetInt32(DicomTags.SmallestImagePixelValue));
    }

    [Fact]
    public void Read_BigEndian_SwapsNumbersAndKeepsText()
    {
        var ds = new EncodedBytes(bigEndian: true)
            .Explicit(0x0008, 0x0060, "CS", EncodedBytes.Ascii("MR"))
            .Explicit(0x0028, 0x0010, "US", new byte[] { 0x01, 0x02 })
            .Explicit(0x0028, 0x1052, "DS", EncodedBytes.Ascii("-1024 "))
            .Explicit(0x7FE0, 0x0010, "OW", new byte[] { 0x12, 0x34, 0x56, 0x78 })
            .ToArray();
        var file = Part10Reader.Read(EncodedBytes.Part10(BigEndian, ds));
        Assert.Equal("MR", file.Dataset.GetString(DicomTags.Modality));
        Assert.Equal((ushort)0x0102, file.Dataset.GetUInt16(DicomTags.Rows));
        Assert.Equal(-1024.0, file.Dataset.GetDouble(DicomTags.RescaleIntercept));
        Assert.Equal(new ushort[] { 0x1234, 0x5678 }, file.Dataset.GetUInt16Array(DicomTags.PixelData));
    }

    [Fact]
    public void Read_EncapsulatedPixelData_KeepsOffsetTableAndFragments()
    {
        var ds = new EncodedBytes()
            .Tag(0x7FE0, 0x0010).Raw("OB"u8.ToArray()).U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(4).U32(0)
            .Tag(0xFFFE, 0xE000).U32(4).Raw(0xFF, 0xD8, 0xFF, 0xE0)
            .Tag(0xFFFE, 0xE000).U32(2).Raw(0xFF, 0xD9)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var file = Part10Reader.Read(EncodedBytes.Part10("1.2.840.10008.1.2.4.50", ds));
        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTags.PixelData]);
        Assert.Equal(new uint[] { 0 }, pixels.OffsetTable);
        Assert.Equal(2, pixels.Fragments.Count);
        Assert.Equal(new byte[] { 0xFF, 0xD9 }, pixels.Fragments[1].ToArray());
        Assert.True(file.TransferSyntax.IsEncapsulated);
    }

    [Fact]
    public void Read_WithoutPreamble_IsRefusedUnlessTheCallerAsksForARawDataset()
    {
        var ds = new EncodedBytes().Explicit(0x0008, 0x0060, "CS", EncodedBytes.Ascii("MR")).ToArray();
        var ex = Assert.Throws<DicomFormatException>(() => Part10Reader.Read(ds));
        Assert.Contains("DICM", ex.Message, StringComparison.Ordinal);

        var file = Part10Reader.Read(ds, new DicomReadOptions { AllowRawDataset = true });
        Assert.False(file.HasMetaInformation);
        Assert.Same(DicomTransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("MR", file.Dataset.GetString(DicomTags.Modality));
    }

    [Fact]
    public void Read_RawImplicitDataset_IsInferred()
    {
        var ds = new EncodedBytes().Implicit(0x0008, 0x0060, EncodedBytes.Ascii("MR")).Implicit(0x0010, 0x0020, EncodedBytes.Ascii("P1")).ToArray();
        var file = Part10Reader.Read(ds, new DicomReadOptions { AllowRawDataset = true });
        Assert.Same(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("P1", file.Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void Read_LengthBeyondTheData_FailsWithOffsetAndTag()
    {
        var ds = new EncodedBytes()
            .Explicit(0x0008, 0x0060, "CS", EncodedBytes.Ascii("MR"))
            .Explicit(0x7FE0, 0x0010, "OW", new byte[] { 1, 2 }, length: 0xFFFFFFF0)
            .ToArray();
        var bytes = EncodedBytes.Part10(ExplicitLE, ds);
        var ex = Assert.Throws<DicomFormatException>(() => Part10Reader.Read(bytes));
        Assert.Equal(DicomTags.PixelData, ex.Tag);
        Assert.Equal(bytes.Length - ds.Length + 10, ex.Offset);
    }

    [Fact]
    public void Read_NestingBeyondTheLimit_FailsInsteadOfRecursingForever()
    {
        var nested = new EncodedBytes();
        for (var i = 0; i < 100; i++)
        {
            nested.Tag(0x0040, 0xA730).Raw("SQ"u8.ToArray()).U16(0).U32(0xFFFFFFFF).Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF);
        }

        var ex = Assert.Throws<DicomFormatException>(() => Part10Reader.Read(EncodedBytes.Part10(ExplicitLE, nested.ToArray())));
        Assert.Contains("nest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FromANonSeekableStream_ReadsEverything()
    {
        var ds = new EncodedBytes().Explicit(0x0010, 0x0020, "LO", EncodedBytes.Ascii("P1")).ToArray();
        using var stream = new ForwardOnlyStream(EncodedBytes.Part10(ExplicitLE, ds));
        Assert.Equal("P1", Part10Reader.Read(stream).Dataset.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void Read_StopBeforePixelData_LeavesItOut()
    {
        var ds = new EncodedBytes()
            .Explicit(0x0010, 0x0020, "LO", EncodedBytes.Ascii("P1"))
            .Explicit(0x7FE0, 0x0010, "OW", new byte[8])
            .ToArray();
        var file = Part10Reader.Read(EncodedBytes.Part10(ExplicitLE, ds), new DicomReadOptions { StopBeforePixelData = true });
        Assert.False(file.Dataset.Contains(DicomTags.PixelData));
        Assert.True(file.Dataset.Contains(DicomTags.PatientID));
    }

    [Fact]
    public void Read_ItemTagAtDatasetLevel_IsAFormatError()
    {
        var ds = new EncodedBytes().Explicit(0x0010, 0x0020, "LO", EncodedBytes.Ascii("P1")).Tag(0xFFFE, 0xE000).U32(0).ToArray();
        Assert.Throws<DicomFormatException>(() => Part10Reader.Read(EncodedBytes.Part10(ExplicitLE, ds)));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
