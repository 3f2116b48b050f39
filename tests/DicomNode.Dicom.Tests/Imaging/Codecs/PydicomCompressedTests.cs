using DicomNode.Dicom.Imaging;

namespace DicomNode.Dicom.Tests.Imaging.Codecs;

/// <summary>pydicom's compressed test files against their lossless originals (uncompressed or RLE): signed 16-bit, colour, odd sizes.</summary>
public sealed class PydicomCompressedTests
{
    [Theory]
    [InlineData("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm")]
    [InlineData("MR_small_jp2klossless.dcm", "MR_small.dcm")]
    public void LosslessCopy_DecodesToTheOriginalValues(string compressed, string original)
    {
        var pixels = PixelTestData.Open(compressed);
        var twin = PixelTestData.Open(original);

        Assert.True(pixels.CanDecode);
        Assert.Equal(twin.IsSigned, pixels.IsSigned);
        Assert.Equal(twin.GetFrameValues(0), pixels.GetFrameValues(0));
    }

    [Theory]
    [InlineData("SC_rgb_dcmtk_+eb+cy+s2.dcm")]
    [InlineData("SC_rgb_dcmtk_+eb+cy+s4.dcm")]
    [InlineData("SC_rgb_dcmtk_+eb+cr.dcm")]
    [InlineData("SC_rgb_jpeg_dcmtk.dcm")]
    [InlineData("SC_rgb_small_odd_jpeg.dcm")]
    public void BaselineColour_DecodesToRgbCloseToTheOriginal(string compressed)
    {
        var pixels = PixelTestData.Open(compressed);
        var original = PixelTestData.Open(compressed == "SC_rgb_small_odd_jpeg.dcm" ? "SC_rgb_small_odd.dcm" : "SC_rgb_rle.dcm");

        Assert.Equal("RGB", pixels.FramePhotometricInterpretation);
        var expected = original.GetFrameValues(0);
        var actual = pixels.GetFrameValues(0);
        var largest = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        // These are flat colour bars: quality-90 JPEG keeps them within a few levels away from their edges,
        // where ringing stays under a quarter of the range.
        Assert.True(largest <= 64, $"largest difference {largest}");
        Assert.True(expected.Zip(actual).Average(p => Math.Abs(p.First - p.Second)) < 4);
    }
}
