using System.Text;
using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>Cases the fuzzer found, named after the seed and case that found them, built here without binary files.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
    private static readonly DicomTag ImageType = new(0x0008, 0x0008);

    // Seed 20250611, case 956: a bit flip ended the meta group early, so (0002,0010) Implicit VR Little Endian
    // was read into the data set; the writer put it back after the meta, where reading absorbed it into the
    // meta and parsed the Explicit VR body as implicit.
    [Fact]
    public void Seed20250611Case956_DatasetHoldingGroup0002Elements_IsWrittenWithoutThemAndReadsBack()
    {
        var dataset = new DicomDataset();
        dataset.Add(new DicomValueElement(TransferSyntaxUid, DicomVR.UI, Encoding.ASCII.GetBytes("1.2.840.10008.1.2\0")));
        dataset.Add(new DicomValueElement(ImageType, DicomVR.CS, Encoding.ASCII.GetBytes("ORIGINAL\\PRIMARY")));
        var file = new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        using var stream = new MemoryStream();

        Part10Writer.Write(stream, file);
        var read = Part10Reader.Read(stream.ToArray());

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, read.TransferSyntax);
        Assert.Equal("ORIGINAL\\PRIMARY", read.Dataset.GetString(ImageType));
        Assert.False(read.Dataset.Contains(TransferSyntaxUid));
        Assert.True(file.Dataset.Contains(TransferSyntaxUid));
    }
}
