using System.Buffers.Binary;
using DicomNode.Dicom.Imaging;

namespace DicomNode.Dicom.Tests.Imaging;

public class RleDecoderTests
{
    [Fact]
    public void Literal_replicate_and_noop_runs_decode_per_PackBits()
    {
        // PS3.5 §G.3.1: 2 → copy 3 bytes; -2 → repeat once more than 2; -128 → nothing.
        var encoded = Frame([0x02, 10, 20, 30, 0x80, 0xFE, 7]);
        var output = new byte[6];

        RleDecoder.Decode(encoded, output, pixels: 6, samples: 1, bytesPerSample: 1, frameIndex: 0);

        Assert.Equal(new byte[] { 10, 20, 30, 7, 7, 7 }, output);
    }

    [Fact]
    public void Sixteen_bit_segments_come_most_significant_first_and_decode_to_little_endian()
    {
        var encoded = Frame([0x01, 0x12, 0x34], [0x01, 0x56, 0x78]);
        var output = new byte[4];

        RleDecoder.Decode(encoded, output, pixels: 2, samples: 1, bytesPerSample: 2, frameIndex: 0);

        Assert.Equal(new byte[] { 0x56, 0x12, 0x78, 0x34 }, output);
    }

    [Fact]
    public void Rgb_decodes_color_by_plane()
    {
        var encoded = Frame([0xFF, 1], [0xFF, 2], [0xFF, 3]);
        var output = new byte[6];

        RleDecoder.Decode(encoded, output, pixels: 2, samples: 3, bytesPerSample: 1, frameIndex: 0);

        Assert.Equal(new byte[] { 1, 1, 2, 2, 3, 3 }, output);
    }

    [Fact]
    public void Segment_padding_after_the_last_pixel_is_ignored()
    {
        var encoded = Frame([0xFE, 9, 0x00, 0x00]);
        var output = new byte[3];

        RleDecoder.Decode(encoded, output, pixels: 3, samples: 1, bytesPerSample: 1, frameIndex: 0);

        Assert.Equal(new byte[] { 9, 9, 9 }, output);
    }

    [Fact]
    public void Runs_longer_than_the_frame_never_write_past_it()
    {
        var encoded = Frame([0x81, 5]); // repeat 128 times into a 4-byte frame
        var output = new byte[8];

        RleDecoder.Decode(encoded, output.AsSpan(0, 4), pixels: 4, samples: 1, bytesPerSample: 1, frameIndex: 0);

        Assert.Equal(new byte[] { 5, 5, 5, 5, 0, 0, 0, 0 }, output);
    }

    [Fact]
    public void Truncated_header_is_a_format_error()
    {
        var error = Assert.Throws<DicomFormatException>(() => Decode(new byte[63], pixels: 4));
        Assert.Contains("RLE Header", error.Message, StringComparison.Ordinal);
        Assert.Equal(DicomTags.PixelData, error.Tag);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(16u)]
    [InlineData(0xFFFFFFFFu)]
    public void Bad_segment_count_is_a_format_error(uint count)
    {
        var encoded = Frame([0xFF, 1]);
        BinaryPrimitives.WriteUInt32LittleEndian(encoded, count);

        var error = Assert.Throws<DicomFormatException>(() => Decode(encoded, pixels: 2));
        Assert.Contains("segments", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(63u)]
    [InlineData(65u)]
    [InlineData(1000u)]
    public void First_segment_offset_other_than_64_is_a_format_error(uint offset)
    {
        var encoded = Frame([0xFF, 1]);
        BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(4), offset);

        var error = Assert.Throws<DicomFormatException>(() => Decode(encoded, pixels: 2));
        Assert.Equal(4, error.Offset);
    }

    [Theory]
    [InlineData(63u)]
    [InlineData(500u)]
    [InlineData(0x7FFFFFFFu)]
    public void Later_segment_offset_out_of_range_is_a_format_error(uint offset)
    {
        var encoded = Frame([0xFF, 1], [0xFF, 2]);
        BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(8), offset);

        Assert.Throws<DicomFormatException>(() => RleDecoder.Decode(encoded, new byte[4], pixels: 2, samples: 1, bytesPerSample: 2, frameIndex: 0));
    }

    [Fact]
    public void Literal_run_past_the_segment_end_is_a_format_error()
    {
        Assert.Throws<DicomFormatException>(() => Decode(Frame([0x05, 1, 2]), pixels: 6));
    }

    [Fact]
    public void Replicate_run_without_its_byte_is_a_format_error()
    {
        Assert.Throws<DicomFormatException>(() => Decode(Frame([0x00, 1, 0xFD]), pixels: 4));
    }

    [Fact]
    public void Segment_shorter_than_the_frame_is_a_format_error()
    {
        var error = Assert.Throws<DicomFormatException>(() => Decode(Frame([0xFE, 1]), pixels: 4));
        Assert.Contains("decodes to 3 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_fail_only_as_format_errors()
    {
        var random = new Random(20240611);
        for (var i = 0; i < 5000; i++)
        {
            var encoded = new byte[random.Next(0, 300)];
            random.NextBytes(encoded);
            if (encoded.Length >= 8 && random.Next(2) == 0)
            {
                // Make half of them get past the header checks to exercise PackBits.
                BinaryPrimitives.WriteUInt32LittleEndian(encoded, 1);
                BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(4), 64);
            }

            DecodeOrFormatError(encoded, pixels: random.Next(1, 200), samples: 1, bytesPerSample: 1);
        }
    }

    [Fact]
    public void Mutated_real_frames_fail_only_as_format_errors()
    {
        var file = DicomFile.Open(PixelTestData.CorpusFile("SC_rgb_rle_16bit.dcm"));
        var original = ((DicomFragmentSequence)file.Dataset[DicomTags.PixelData]!).Fragments[0].ToArray();
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var encoded = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                encoded[random.Next(encoded.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(3) == 0 ? random.Next(encoded.Length) : encoded.Length;
            DecodeOrFormatError(encoded[..length], pixels: 100 * 100, samples: 3, bytesPerSample: 2);
        }
    }

    private static void DecodeOrFormatError(byte[] encoded, int pixels, int samples, int bytesPerSample)
    {
        var frameLength = pixels * samples * bytesPerSample;
        var output = new byte[frameLength + 16];
        output.AsSpan(frameLength).Fill(0xA5);
        try
        {
            RleDecoder.Decode(encoded, output.AsSpan(0, frameLength), pixels, samples, bytesPerSample, frameIndex: 0);
        }
        catch (DicomFormatException)
        {
        }

        Assert.All(output[frameLength..], b => Assert.Equal(0xA5, b));
    }

    private static void Decode(byte[] encoded, int pixels) =>
        RleDecoder.Decode(encoded, new byte[pixels], pixels, samples: 1, bytesPerSample: 1, frameIndex: 0);

    /// <summary>An RLE frame: the 64-byte header (PS3.5 §G.5) followed by the given segments.</summary>
    internal static byte[] Frame(params byte[][] segments)
    {
        var frame = new byte[RleDecoder.HeaderLength + segments.Sum(s => s.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)segments.Length);
        var offset = RleDecoder.HeaderLength;
        for (var i = 0; i < segments.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4 + (4 * i)), (uint)offset);
            segments[i].CopyTo(frame, offset);
            offset += segments[i].Length;
        }

        return frame;
    }
}
