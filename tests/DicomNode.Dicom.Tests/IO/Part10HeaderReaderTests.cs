using DicomNode.Dicom.IO;
using DicomNode.Imaging.Tests.RealData;

namespace DicomNode.Dicom.Tests.IO;

/// <summary>The streaming header reader gives what the in-memory reader gives before Pixel Data, holding none of the rest.</summary>
public sealed class Part10HeaderReaderTests
{
    public static TheoryData<string> RealFiles() => new()
    {
        // One Siemens mosaic in nine transfer syntaxes: explicit, implicit, big endian, RLE, JPEG lossless, JPEG-LS, JPEG 2000.
        "dcm_qa_ts/1.dcm", "dcm_qa_ts/2.dcm", "dcm_qa_ts/3.dcm", "dcm_qa_ts/4.dcm", "dcm_qa_ts/5.dcm",
        "dcm_qa_ts/6.dcm", "dcm_qa_ts/7.dcm", "dcm_qa_ts/8.dcm", "dcm_qa_ts/9.dcm",

        // Enhanced MR: per-frame functional groups nested several sequences deep.
        "dcm_qa_canon_61/enh_8000/8000.dcm",
    };

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void ReadFile_RealFile_GivesTheSameHeaderAsTheInMemoryReader(string relative)
    {
        var path = RealDataFolder.FileOf(relative);
        var expected = Part10Reader.ReadFile(path, new DicomReadOptions { StopBeforePixelData = true });

        var header = Part10HeaderReader.ReadFile(path, new Part10HeaderOptions { ScanToEnd = true });

        Assert.Equal(expected.TransferSyntax.Uid, header.TransferSyntax.Uid);
        Assert.Equal(Encode(expected.FileMetaInformation), Encode(header.FileMetaInformation));
        Assert.Equal(Encode(expected.Dataset), Encode(header.Dataset));
    }

    [Fact]
    public void Read_TruncatedFile_WhenScanningToTheEnd_IsAFormatError_ButNotWhenStoppingAtPixelData()
    {
        var bytes = File.ReadAllBytes(RealDataFolder.FileOf("dcm_qa_ts/1.dcm"));
        var truncated = bytes[..^100];

        Assert.NotNull(Part10HeaderReader.Read(new MemoryStream(truncated)).Dataset.GetUid(DicomTags.SOPInstanceUID));
        var error = Assert.Throws<DicomFormatException>(() => Part10HeaderReader.Read(new MemoryStream(truncated), new Part10HeaderOptions { ScanToEnd = true }));
        Assert.False(error.ExceedsLimit);

        // One stray byte after the last element is no tag either.
        Assert.Throws<DicomFormatException>(() => Part10HeaderReader.Read(new MemoryStream([.. bytes, 0x01]), new Part10HeaderOptions { ScanToEnd = true }));
    }

    [Fact]
    public void Read_DeflatedBeyondTheLimit_StopsWhileInflating_WithALimitError()
    {
        var file = new DicomFile(
            new DicomDataset()
                .SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
                .SetUid(DicomTags.SOPInstanceUID, "1.2.3.4")
                .SetBytes(DicomTags.PixelData, DicomVR.OB, new byte[8 << 20]),
            DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
        using var written = new MemoryStream();
        Part10Writer.Write(written, file, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);

        var whole = Part10HeaderReader.Read(new MemoryStream(written.ToArray()), new Part10HeaderOptions { ScanToEnd = true, MaxInflatedLength = 16 << 20 });
        var error = Assert.Throws<DicomFormatException>(
            () => Part10HeaderReader.Read(new MemoryStream(written.ToArray()), new Part10HeaderOptions { ScanToEnd = true, MaxInflatedLength = 4 << 20 }));

        Assert.True(written.Length < 1 << 20, $"{written.Length:N0} bytes deflated");
        Assert.Equal(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid, whole.TransferSyntax.Uid);
        Assert.Equal("1.2.3.4", whole.Dataset.GetUid(DicomTags.SOPInstanceUID));
        Assert.True(error.ExceedsLimit);
    }

    [Fact]
    public void Read_HeaderLargerThanItsLimit_IsALimitError()
    {
        var file = new DicomFile(
            new DicomDataset()
                .SetUid(DicomTags.SOPInstanceUID, "1.2.3.4")
                .SetBytes(new DicomTag(0x0029, 0x1010), DicomVR.OB, new byte[2 << 20]),
            DicomTransferSyntax.ExplicitVRLittleEndian);
        using var written = new MemoryStream();
        Part10Writer.Write(written, file);

        var error = Assert.Throws<DicomFormatException>(() => Part10HeaderReader.Read(new MemoryStream(written.ToArray()), new Part10HeaderOptions { MaxHeaderLength = 1 << 20 }));

        Assert.True(error.ExceedsLimit);
        Assert.Equal("1.2.3.4", Part10HeaderReader.Read(new MemoryStream(written.ToArray()), new Part10HeaderOptions { StopAt = new DicomTag(0x0010, 0x0000) }).Dataset.GetUid(DicomTags.SOPInstanceUID));
    }

    private static byte[] Encode(DicomDataset dataset)
    {
        using var buffer = new MemoryStream();
        Part10Writer.WriteDataset(buffer, dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        return buffer.ToArray();
    }
}
