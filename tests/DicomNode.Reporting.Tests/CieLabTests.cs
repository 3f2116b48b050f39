using DicomNode.Reporting.Segmentation;

namespace DicomNode.Reporting.Tests;

public sealed class CieLabTests
{
    [Theory]
    [InlineData(255, 0, 0, 53.2408, 80.0925, 67.2032)]
    [InlineData(0, 255, 0, 87.7347, -86.1827, 83.1793)]
    [InlineData(0, 0, 255, 32.2970, 79.1875, -107.8602)]
    [InlineData(128, 128, 128, 53.5850, 0, 0)]
    public void Lab_MatchesTheReferenceValuesForD65(byte r, byte g, byte b, double l, double a, double bb)
    {
        var lab = CieLab.Lab(r, g, b);
        Assert.InRange(lab.L, l - 0.01, l + 0.01);
        Assert.InRange(lab.A, a - 0.01, a + 0.01);
        Assert.InRange(lab.B, bb - 0.01, bb + 0.01);
    }

    [Fact]
    public void Scaled_WhiteAndBlack_AreTheEndsOfLAndTheMiddleOfAB()
    {
        // a* = b* = 0 scales to 128 × 65535 / 255 = 32896.
        Assert.Equal(new ushort[] { 65535, 32896, 32896 }, CieLab.Scaled(255, 255, 255));
        Assert.Equal(new ushort[] { 0, 32896, 32896 }, CieLab.Scaled(0, 0, 0));
    }

    [Fact]
    public void Scaled_Red_IsLabScaledAndRounded()
    {
        // L* 53.2408 × 655.35 = 34891.4; a* (80.0925 + 128) × 257 = 53479.8; b* (67.2032 + 128) × 257 = 50167.2.
        var scaled = CieLab.Scaled(255, 0, 0);
        Assert.InRange(scaled[0], 34890, 34893);
        Assert.InRange(scaled[1], 53478, 53481);
        Assert.InRange(scaled[2], 50165, 50169);
    }

    [Theory]
    [InlineData(255, 0, 0)]
    [InlineData(0, 255, 0)]
    [InlineData(0, 0, 255)]
    [InlineData(230, 159, 0)]
    [InlineData(86, 180, 233)]
    [InlineData(17, 17, 17)]
    [InlineData(255, 255, 255)]
    public void Rgb_OfScaled_GivesTheColourBack(byte r, byte g, byte b)
    {
        var scaled = CieLab.Scaled(r, g, b);
        var (red, green, blue) = CieLab.Rgb(scaled[0], scaled[1], scaled[2]);
        // The scaled values are rounded to 1/655 of L* and 1/257 of a*, b*: one step of 255 at most.
        Assert.InRange(red, r - 1, r + 1);
        Assert.InRange(green, g - 1, g + 1);
        Assert.InRange(blue, b - 1, b + 1);
    }

    [Fact]
    public void Rgb_OfLabMiddleGrey_IsGrey()
    {
        // L* 50, a* = b* = 0: sRGB 119 on every channel.
        var (red, green, blue) = CieLab.Rgb(32768, 32896, 32896);
        Assert.Equal(119, red);
        Assert.Equal(119, green);
        Assert.Equal(119, blue);
    }
}
