using DicomNode.Reporting.Segmentation;

namespace DicomNode.Reporting.Tests;

public sealed class BinaryFrameBufferTests
{
    [Fact]
    public void Pack_PutsTheFirstPixelInTheLeastSignificantBit()
    {
        bool[] frame = [true, false, false, false, false, false, false, false, false, true, false, false, false, false, false, true];
        Assert.Equal(new byte[] { 0x01, 0x82 }, BinaryFrameBuffer.Pack([frame], 16));
    }

    [Fact]
    public void Pack_FramesOf9Pixels_StartMidByte_AndArePaddedToEvenLengthWithZero()
    {
        // 3 frames of 3×3 = 27 bits → 4 bytes. Frame 0: its last pixel (bit 8); frame 1: its first (bit 9);
        // frame 2: its first and last (bits 18 and 26).
        var frames = new[] { new bool[9], new bool[9], new bool[9] };
        frames[0][8] = true;
        frames[1][0] = true;
        frames[2][0] = true;
        frames[2][8] = true;
        Assert.Equal(new byte[] { 0x00, 0x03, 0x04, 0x04 }, BinaryFrameBuffer.Pack(frames, 9));

        // 1 frame of 7 pixels: one byte, then one 0x00 to make the length even.
        Assert.Equal(new byte[] { 0x41, 0x00 }, BinaryFrameBuffer.Pack([[true, false, false, false, false, false, true]], 7));
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 35)]
    [InlineData(5, 13)]
    [InlineData(4, 270 * 270)]
    [InlineData(2, 64)]
    public void Pack_IsOneBitStream_FramesBackToBack(int frameCount, int pixels)
    {
        var random = new Random(frameCount * 1000 + pixels);
        var frames = Enumerable.Range(0, frameCount).Select(_ => Enumerable.Range(0, pixels).Select(_ => random.Next(3) == 0).ToArray()).ToList();

        var bytes = BinaryFrameBuffer.Pack(frames, pixels);

        var bits = (long)frameCount * pixels;
        var packed = (bits + 7) / 8;
        Assert.Equal(packed + (packed % 2), bytes.Length);
        for (long bit = 0; bit < bytes.Length * 8L; bit++)
        {
            var set = (bytes[bit / 8] >> (int)(bit % 8) & 1) == 1;
            var expected = bit < bits && frames[(int)(bit / pixels)][(int)(bit % pixels)];
            Assert.True(set == expected, $"bit {bit}");
        }
    }

    [Fact]
    public void Set_OutsideTheFrames_Throws()
    {
        var buffer = new BinaryFrameBuffer(2, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Set(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Set(0, 9));
    }
}
