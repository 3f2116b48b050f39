using DicomNode.Dicom.Imaging;
using DicomNode.Imaging.Tests.RealData;

namespace DicomNode.Dicom.Tests.Imaging.Codecs;

/// <summary>
/// Files a Siemens Trio compressed itself (dcm_qa/axmb). They have no uncompressed twins, so the JPEG
/// Lossless ones are compared with DCMTK's dcmdjpeg; DCMTK has no JPEG 2000 decoder, so the JPEG 2000 ones
/// are held to what the data set says of them.
/// </summary>
public sealed class ScannerCompressedTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-scanner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("dcm_qa/axmb/AxAsc36mb2a/jpg1.dcm")]
    [InlineData("dcm_qa/axmb/AxAsc36mb2a/jpg2.dcm")]
    public void ScannerJpegLossless_DecodesAsDcmdjpegDoes(string name)
    {
        var reference = Path.Combine(_folder, "dcmdjpeg.dcm");
        Tool.Run("dcmdjpeg", RealDataFolder.FileOf(name), reference);

        var pixels = new DicomPixelData(DicomFile.Open(RealDataFolder.FileOf(name)));

        Assert.Equal(DicomTransferSyntax.JpegLosslessSV1, pixels.TransferSyntax);
        Assert.Equal(new DicomPixelData(DicomFile.Open(reference)).GetFrame(0).ToArray(), pixels.GetFrame(0).ToArray());
    }

    [Theory]
    [InlineData("dcm_qa/axmb/AxInt36mb/jp2k1.dcm")]
    [InlineData("dcm_qa/axmb/AxInt36mb/jp2k2.dcm")]
    public void ScannerJpeg2000_DecodesToStoredValuesWithinBitsStored(string name)
    {
        var pixels = new DicomPixelData(DicomFile.Open(RealDataFolder.FileOf(name)));

        Assert.Equal(DicomTransferSyntax.Jpeg2000Lossless, pixels.TransferSyntax);
        var values = pixels.GetFrameValues(0);
        Assert.Equal(pixels.Rows * pixels.Columns, values.Length);
        Assert.InRange(values.Min(), 0, 0);
        Assert.InRange(values.Max(), 100, (1 << pixels.BitsStored) - 1);
    }

    [Fact]
    public void ScannerJpeg2000AndItsTranscodedCopies_AgreeAcrossCodecs()
    {
        // The scanner's JPEG 2000 mosaic, re-encoded by DCMTK as JPEG Lossless and JPEG-LS from our native
        // copy, must come back identical through our other two decoders.
        var source = DicomFile.Open(RealDataFolder.FileOf("dcm_qa/axmb/AxInt36mb/jp2k1.dcm"));
        var decoded = new DicomPixelData(source).GetFrame(0).ToArray();
        source.Dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, decoded);
        var native = Path.Combine(_folder, "native.dcm");
        source.Save(native, DicomTransferSyntax.ExplicitVRLittleEndian);
        var jpeg = Path.Combine(_folder, "jpeg.dcm");
        var jpegLs = Path.Combine(_folder, "jpegls.dcm");
        Tool.Run("dcmcjpeg", "+e1", native, jpeg);
        Tool.Run("dcmcjpls", "+el", native, jpegLs);
        var viaDcmtk = Path.Combine(_folder, "dcmdjpeg.dcm");
        Tool.Run("dcmdjpeg", jpeg, viaDcmtk);

        Assert.Equal(decoded, new DicomPixelData(DicomFile.Open(jpeg)).GetFrame(0).ToArray());
        Assert.Equal(decoded, new DicomPixelData(DicomFile.Open(jpegLs)).GetFrame(0).ToArray());
        Assert.Equal(decoded, new DicomPixelData(DicomFile.Open(viaDcmtk)).GetFrame(0).ToArray());
    }
}
