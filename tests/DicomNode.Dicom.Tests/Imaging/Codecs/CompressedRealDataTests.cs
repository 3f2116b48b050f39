using DicomNode.Dicom.Imaging;
using DicomNode.Imaging.Tests.RealData;

namespace DicomNode.Dicom.Tests.Imaging.Codecs;

/// <summary>
/// One Siemens Trio mosaic in nine transfer syntaxes (dcm_qa_ts): every compressed copy is lossless, so
/// each must decode to exactly the pixels of the uncompressed one.
/// </summary>
public sealed class CompressedRealDataTests
{
    [Theory]
    [InlineData("2.dcm", "1.2.840.10008.1.2")]
    [InlineData("3.dcm", "1.2.840.10008.1.2.2")]
    [InlineData("4.dcm", "1.2.840.10008.1.2.5")]
    [InlineData("5.dcm", "1.2.840.10008.1.2.4.70")]
    [InlineData("6.dcm", "1.2.840.10008.1.2.4.70")]
    [InlineData("7.dcm", "1.2.840.10008.1.2.4.80")]
    [InlineData("8.dcm", "1.2.840.10008.1.2.4.80")]
    [InlineData("9.dcm", "1.2.840.10008.1.2.4.90")]
    public void DcmQaTs_LosslessCopy_DecodesToTheUncompressedPixels(string name, string transferSyntax)
    {
        var twin = new DicomPixelData(DicomFile.Open(RealDataFolder.FileOf("dcm_qa_ts/1.dcm")));
        var pixels = new DicomPixelData(DicomFile.Open(RealDataFolder.FileOf("dcm_qa_ts/" + name)));

        Assert.Equal(transferSyntax, pixels.TransferSyntax.Uid);
        Assert.True(pixels.CanDecode);
        Assert.Equal(twin.GetFrame(0).ToArray(), pixels.GetFrame(0).ToArray());
    }
}
