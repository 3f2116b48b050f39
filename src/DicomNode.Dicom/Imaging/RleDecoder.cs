using System.Buffers.Binary;

namespace DicomNode.Dicom.Imaging;

/// <summary>
/// Decodes one frame of RLE Lossless pixel data (PS3.5 Annex G). The output is native Little Endian
/// and color-by-plane: PS3.5 §G.2 orders the segments sample by sample, so a decoded multi-sample
/// frame has Planar Configuration 1 whatever the data set says (PS3.5 §8.2.2).
/// </summary>
internal static class RleDecoder
{
    /// <summary>PS3.5 §G.5: the RLE Header is 16 unsigned 32-bit Little Endian integers.</summary>
    public const int HeaderLength = 64;

    /// <summary>PS3.5 §G.5: at most 15 segments, so at most 15 offsets fit in the header.</summary>
    public const int MaxSegments = 15;

    /// <summary>
    /// Decodes <paramref name="encoded"/> into <paramref name="output"/>, which holds exactly
    /// <paramref name="pixels"/> × <paramref name="samples"/> × <paramref name="bytesPerSample"/> bytes.
    /// Nothing is written outside <paramref name="output"/>; any inconsistency is a <see cref="DicomFormatException"/>
    /// whose offset is relative to the start of the frame's encoded bytes.
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> encoded, Span<byte> output, int pixels, int samples, int bytesPerSample, int frameIndex)
    {
        var segmentCount = samples * bytesPerSample;
        if (pixels <= 0 || segmentCount <= 0 || (long)pixels * segmentCount != output.Length)
        {
            throw new ArgumentException("The output does not match the frame geometry.", nameof(output));
        }

        if (segmentCount > MaxSegments)
        {
            throw Error($"frame {frameIndex}: {samples} sample(s) of {bytesPerSample} byte(s) need {segmentCount} RLE segments, more than the {MaxSegments} PS3.5 §G.5 allows", 0);
        }

        if (encoded.Length < HeaderLength)
        {
            throw Error($"frame {frameIndex}: RLE data of {encoded.Length} bytes is shorter than the {HeaderLength}-byte RLE Header", 0);
        }

        var declared = BinaryPrimitives.ReadUInt32LittleEndian(encoded);
        if (declared == 0 || declared > MaxSegments)
        {
            throw Error($"frame {frameIndex}: RLE Header declares {declared} segments; PS3.5 §G.5 allows 1 to {MaxSegments}", 0);
        }

        if (declared != segmentCount)
        {
            throw Error($"frame {frameIndex}: RLE Header declares {declared} segments where {samples} sample(s) of {bytesPerSample} byte(s) need {segmentCount}", 0);
        }

        Span<int> offsets = stackalloc int[MaxSegments + 1];
        for (var i = 0; i < segmentCount; i++)
        {
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(encoded[(4 + (4 * i))..]);
            // PS3.5 §G.5: the first segment follows the header; each later one starts after the previous.
            var low = i == 0 ? HeaderLength : offsets[i - 1];
            if (offset < low || offset > (uint)encoded.Length || (i == 0 && offset != HeaderLength))
            {
                throw Error($"frame {frameIndex}: RLE segment {i + 1} offset {offset} is out of range ({low}..{encoded.Length})", 4 + (4 * i));
            }

            offsets[i] = (int)offset;
        }

        offsets[segmentCount] = encoded.Length;
        for (var segment = 0; segment < segmentCount; segment++)
        {
            // Segment order (PS3.5 §G.2): sample by sample, most significant byte first.
            var sample = segment / bytesPerSample;
            var byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
            var plane = output.Slice(sample * pixels * bytesPerSample, pixels * bytesPerSample);
            DecodeSegment(encoded[offsets[segment]..offsets[segment + 1]], plane, byteInSample, bytesPerSample, offsets[segment], segment, frameIndex);
        }
    }

    /// <summary>
    /// PackBits (PS3.5 §G.3.1): a header byte n of 0..127 copies the next n+1 bytes; -1..-127 repeats the
    /// next byte 1-n times; -128 does nothing. Decoded bytes go to every <paramref name="stride"/>-th
    /// byte of <paramref name="plane"/> from <paramref name="start"/>.
    /// </summary>
    private static void DecodeSegment(ReadOnlySpan<byte> segment, Span<byte> plane, int start, int stride, int segmentOffset, int segmentIndex, int frameIndex)
    {
        var expected = plane.Length / stride;
        var written = 0;
        var position = start;
        var i = 0;
        // Encoders may pad a segment to an even length, so bytes after the last pixel are ignored.
        while (written < expected && i < segment.Length)
        {
            var n = (sbyte)segment[i++];
            if (n >= 0)
            {
                var count = n + 1;
                if (i + count > segment.Length)
                {
                    throw Error($"frame {frameIndex}: RLE segment {segmentIndex + 1} literal run of {count} bytes passes the segment end", segmentOffset + i - 1);
                }

                var take = Math.Min(count, expected - written);
                for (var k = 0; k < take; k++)
                {
                    plane[position] = segment[i + k];
                    position += stride;
                }

                written += take;
                i += count;
            }
            else if (n != -128)
            {
                if (i >= segment.Length)
                {
                    throw Error($"frame {frameIndex}: RLE segment {segmentIndex + 1} replicate run has no byte to repeat", segmentOffset + i - 1);
                }

                var value = segment[i++];
                var take = Math.Min(1 - n, expected - written);
                for (var k = 0; k < take; k++)
                {
                    plane[position] = value;
                    position += stride;
                }

                written += take;
            }
        }

        if (written < expected)
        {
            throw Error($"frame {frameIndex}: RLE segment {segmentIndex + 1} decodes to {written} bytes where the frame needs {expected}", segmentOffset + segment.Length);
        }
    }

    private static DicomFormatException Error(string message, long offset) => new(message, offset, DicomTags.PixelData);
}
