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
        // Flat colour bars at high JPEG quality: measured largest differences 2 to 6 levels, mean under 1.6;
        // the bounds leave room for another IDCT's rounding, not for a wrong colour transform (tens of levels).
        Assert.True(largest <= 10, $"largest difference {largest}");
        Assert.True(expected.Zip(actual).Average(p => Math.Abs(p.First - p.Second)) < 2.5);
    }
}
