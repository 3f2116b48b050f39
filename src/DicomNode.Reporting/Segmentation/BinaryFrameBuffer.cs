namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// The Pixel Data of a BINARY segmentation (Bits Allocated 1): pixels packed eight to a byte, the first pixel in the
/// least significant bit (PS3.5 §8.1.1), row by row, and frames one after the other at the next bit — not at the next
/// byte — so a frame whose pixel count is not a multiple of 8 shares a byte with the next (PS3.5 §8.2; pydicom's
/// pack_bits and highdicom agree). The value is padded to even length with one 0x00 (PS3.5 §7.1: OB pads with NUL).
/// </summary>
internal sealed class BinaryFrameBuffer
{
    private readonly byte[] _bytes;

    public BinaryFrameBuffer(int frameCount, int pixelsPerFrame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerFrame, 1);
        FrameCount = frameCount;
        PixelsPerFrame = pixelsPerFrame;
        var bits = checked((long)frameCount * pixelsPerFrame);
        var length = checked((bits + 7) / 8);
        _bytes = new byte[checked((int)(length + (length & 1)))];
    }

    public int FrameCount { get; }

    public int PixelsPerFrame { get; }

    /// <summary>Bytes the frames occupy before the even-length padding.</summary>
    public long PackedLength => ((long)FrameCount * PixelsPerFrame + 7) / 8;

    public void Set(int frame, int pixel)
    {
        var bit = BitIndex(frame, pixel);
        _bytes[bit >> 3] |= (byte)(1 << (int)(bit & 7));
    }

    public bool Get(int frame, int pixel)
    {
        var bit = BitIndex(frame, pixel);
        return (_bytes[bit >> 3] & (1 << (int)(bit & 7))) != 0;
    }

    /// <summary>The Pixel Data value (even length). The buffer is handed over, not copied.</summary>
    public byte[] ToPixelData() => _bytes;

    /// <summary>Packs whole frames given as one bool per pixel (row-major).</summary>
    public static byte[] Pack(IReadOnlyList<bool[]> frames, int pixelsPerFrame)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var buffer = new BinaryFrameBuffer(frames.Count, pixelsPerFrame);
        for (var f = 0; f < frames.Count; f++)
        {
            if (frames[f].Length != pixelsPerFrame)
            {
                throw new ArgumentException($"Frame {f} has {frames[f].Length} pixels, not {pixelsPerFrame}.", nameof(frames));
            }

            for (var p = 0; p < pixelsPerFrame; p++)
            {
                if (frames[f][p])
                {
                    buffer.Set(f, p);
                }
            }
        }

        return buffer.ToPixelData();
    }

    private long BitIndex(int frame, int pixel)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"There are {FrameCount} frames.");
        }

        if ((uint)pixel >= (uint)PixelsPerFrame)
        {
            throw new ArgumentOutOfRangeException(nameof(pixel), pixel, $"A frame has {PixelsPerFrame} pixels.");
        }

        return ((long)frame * PixelsPerFrame) + pixel;
    }
}
