using DicomNode.Dicom.Imaging;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Tests.RealData;

namespace DicomNode.Dicom.Tests.IO;

/// <summary>Issue 23 / 22: frames read in place from the file equal the frames of the file read whole.</summary>
public sealed class PixelDataLocationTests
{
    public static TheoryData<string> RealFiles() => Part10HeaderReaderTests.RealFiles();

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void ReadFile_RealFile_NativeFramesReadInPlaceEqualTheWholeFilesFrames(string relative)
    {
        var path = RealDataFolder.FileOf(relative);
        var whole = Part10Reader.ReadFile(path);
        var header = Part10HeaderReader.ReadFile(path, out var location);

        var syntax = whole.TransferSyntax;
        var native = !syntax.IsEncapsulated && !syntax.IsBigEndian && !syntax.IsDeflated;
        Assert.Equal(native, location is not null);
        Assert.False(header.Dataset.Contains(DicomTags.PixelData));
        if (location is null)
        {
            return;
        }

        var expected = new DicomPixelData(whole);
        var inPlace = new DicomPixelData(header.Dataset, header.TransferSyntax, location);
        Assert.Equal(expected.NumberOfFrames, inPlace.NumberOfFrames);
        for (var frame = 0; frame < expected.NumberOfFrames; frame++)
        {
            Assert.Equal(expected.GetFrame(frame).ToArray(), inPlace.GetFrame(frame).ToArray());
            var real = new float[inPlace.PixelCount];
            inPlace.GetFrameRealValues(frame, real);
            Assert.Equal(expected.GetFrameRealValues(frame), real);
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2")]
    public void ReadFile_BitPackedFrames_ReadInPlace_EqualTheWholeFilesFrames(string syntaxUid)
    {
        // 3 × 5 pixels of 1 bit: frames start in the middle of a byte (PS3.5 §8.1.1).
        var bits = new byte[8];
        new Random(23).NextBytes(bits);
        var path = Write(Image(rows: 3, columns: 5, frames: 4, bitsAllocated: 1, bits), DicomTransferSyntax.Parse(syntaxUid));
        try
        {
            var header = Part10HeaderReader.ReadFile(path, out var location);
            var expected = new DicomPixelData(Part10Reader.ReadFile(path));
            var inPlace = new DicomPixelData(header.Dataset, header.TransferSyntax, location!);

            for (var frame = 0; frame < 4; frame++)
            {
                Assert.Equal(expected.GetFrame(frame).ToArray(), inPlace.GetFrame(frame).ToArray());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GetFrame_FileCutShortInsideItsPixelData_IsAFormatErrorNamingPixelData()
    {
        var path = Write(Image(rows: 16, columns: 16, frames: 4, bitsAllocated: 16, new byte[16 * 16 * 2 * 4]), DicomTransferSyntax.ExplicitVRLittleEndian);
        try
        {
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^100]);
            var header = Part10HeaderReader.ReadFile(path, out var location);
            var pixels = new DicomPixelData(header.Dataset, header.TransferSyntax, location!);

            Assert.Equal(16 * 16 * 2, pixels.GetFrame(0).Length);
            var error = Assert.Throws<DicomFormatException>(() => pixels.GetFrame(3));
            Assert.Equal(DicomTags.PixelData, error.Tag);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Constructor_EncapsulatedSyntax_IsRefusedWithTheReason()
    {
        var header = Image(rows: 2, columns: 2, frames: 1, bitsAllocated: 16, new byte[8]);
        var error = Assert.Throws<ArgumentException>(() => new DicomPixelData(header, DicomTransferSyntax.RleLossless, new PixelDataLocation("x.dcm", 0, 8)));
        Assert.Contains("cannot be read in place", error.Message, StringComparison.Ordinal);
    }

    private static DicomDataset Image(int rows, int columns, int frames, int bitsAllocated, byte[] pixels)
    {
        var d = new DicomDataset()
            .SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7.1")
            .SetUid(DicomTags.SOPInstanceUID, "2.25.23")
            .SetUInt16(DicomTags.Rows, (ushort)rows)
            .SetUInt16(DicomTags.Columns, (ushort)columns)
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2")
            .SetUInt16(DicomTags.BitsAllocated, (ushort)bitsAllocated)
            .SetUInt16(DicomTags.BitsStored, (ushort)bitsAllocated)
            .SetUInt16(DicomTags.HighBit, (ushort)(bitsAllocated - 1))
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .SetIntegerStrings(DicomTags.NumberOfFrames, frames);
        d.SetBytes(DicomTags.PixelData, bitsAllocated == 1 ? DicomVR.OB : DicomVR.OW, pixels);
        return d;
    }

    private static string Write(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dicomnode-location-{Guid.NewGuid():N}.dcm");
        Part10Writer.WriteFile(path, new DicomFile(dataset, syntax), syntax);
        return path;
    }
}
