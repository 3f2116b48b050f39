using System.Buffers.Binary;
using DicomNode.Dicom.Imaging;
using static DicomNode.Dicom.Tests.Imaging.PixelTestData;

namespace DicomNode.Dicom.Tests.Imaging;

public class DicomPixelDataTests
{
    [Fact]
    public void Absent_optional_attributes_take_their_defaults()
    {
        var dataset = new DicomDataset();
        dataset.Add(US(DicomTags.Rows, 2));
        dataset.Add(US(DicomTags.Columns, 2));
        dataset.Add(US(DicomTags.BitsAllocated, 8));
        dataset.Add(Pixels(new byte[4], DicomVR.OB));

        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(1, pixels.NumberOfFrames);
        Assert.Equal(1, pixels.SamplesPerPixel);
        Assert.Equal(8, pixels.BitsStored);
        Assert.Equal(7, pixels.HighBit);
        Assert.False(pixels.IsSigned);
        Assert.Equal("MONOCHROME2", pixels.PhotometricInterpretation);
        Assert.Equal(1.0, pixels.RescaleSlope);
        Assert.Equal(0.0, pixels.RescaleIntercept);
    }

    [Fact]
    public void Ct_rescale_gives_hounsfield_units()
    {
        var pixels = Open("CT_small.dcm");
        var stored = pixels.GetFrameValues(0);
        var real = pixels.GetFrameRealValues(0);

        Assert.Equal(-1024.0, pixels.RescaleIntercept);
        Assert.Equal(stored[100] - 1024f, real[100]);
    }

    [Fact]
    public void Short_native_pixel_data_is_a_format_error_at_offset_0()
    {
        var dataset = Image(4, 4, 1, 16, 16, 15, 0, "MONOCHROME2", frames: 2);
        dataset.Add(Pixels(new byte[63]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        var error = Assert.Throws<DicomFormatException>(() => pixels.GetFrame(0));
        Assert.Equal(0, error.Offset);
        Assert.Equal(DicomTags.PixelData, error.Tag);
        Assert.Contains("need 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_rows_is_a_format_error_naming_the_tag()
    {
        var dataset = Image(4, 4, 1, 8, 8, 7, 0, "MONOCHROME2");
        dataset.Remove(DicomTags.Rows);

        var error = Assert.Throws<DicomFormatException>(() => new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Equal(DicomTags.Rows, error.Tag);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Frame_index_out_of_range_is_an_argument_error(int index)
    {
        var pixels = Open("rtdose_1frame.dcm");

        Assert.Throws<ArgumentOutOfRangeException>(() => pixels.GetFrame(index == 2 ? pixels.NumberOfFrames : index));
    }

    [Fact]
    public void Second_frame_of_native_multiframe_is_the_second_slice()
    {
        var dataset = Image(1, 2, 1, 16, 16, 15, 0, "MONOCHROME2", frames: 2);
        dataset.Add(Pixels([1, 0, 2, 0, 3, 0, 4, 0]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(new[] { 3, 4 }, pixels.GetFrameValues(1));
    }

    [Fact]
    public void Color_by_plane_is_interleaved_on_request()
    {
        var dataset = Image(1, 2, 3, 8, 8, 7, 0, "RGB", planar: 1);
        dataset.Add(Pixels([10, 11, 20, 21, 30, 31], DicomVR.OB));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(1, pixels.FramePlanarConfiguration);
        Assert.Equal(new byte[] { 10, 11, 20, 21, 30, 31 }, pixels.GetFrame(0).ToArray());
        Assert.Equal(new byte[] { 10, 20, 30, 11, 21, 31 }, pixels.GetFrameInterleaved(0).ToArray());
        Assert.Equal(new[] { 10, 20, 30, 11, 21, 31 }, pixels.GetFrameValues(0));
    }

    [Fact]
    public void Signed_12_bit_values_are_masked_and_sign_extended()
    {
        var dataset = Image(1, 3, 1, 16, 12, 11, 1, "MONOCHROME2");
        // 0xF800 has garbage above bit 11 and bit 11 set: -2048; 0x17FF: garbage + 2047; 0x0FFF: -1.
        dataset.Add(Pixels([0x00, 0xF8, 0xFF, 0x17, 0xFF, 0x0F]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(new[] { -2048, 2047, -1 }, pixels.GetFrameValues(0));
    }

    [Fact]
    public void Stored_bits_below_a_high_bit_are_shifted_down()
    {
        // PS3.5 §8.1.1: Bits Stored 12 with High Bit 15 occupy bits 4..15.
        var dataset = Image(1, 1, 1, 16, 12, 15, 0, "MONOCHROME2");
        dataset.Add(Pixels([0x3F, 0xAB]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(new[] { 0xAB3 }, pixels.GetFrameValues(0));
    }

    [Fact]
    public void One_bit_frames_that_do_not_start_on_a_byte_are_realigned()
    {
        // Two 3 × 3 frames: 9 bits each, packed LSB first (PS3.5 §8.1.1); frame 2 starts at bit 9.
        var bits = new[] { 1, 0, 0, 1, 1, 0, 0, 0, 1, /* frame 2 */ 0, 1, 1, 1, 0, 0, 1, 0, 1 };
        var packed = new byte[4];
        for (var i = 0; i < bits.Length; i++)
        {
            packed[i / 8] |= (byte)(bits[i] << (i % 8));
        }

        var dataset = Image(3, 3, 1, 1, 1, 0, 0, "MONOCHROME2", frames: 2);
        dataset.Add(Pixels(packed, DicomVR.OB));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(2, pixels.FrameLength);
        Assert.Equal(bits[..9], pixels.GetFrameValues(0));
        Assert.Equal(bits[9..], pixels.GetFrameValues(1));
        Assert.Equal(0, pixels.GetFrame(1).Span[1] & 0xFE);
    }

    [Fact]
    public void Thirty_two_bit_unsigned_values_beyond_int_overflow_only_the_int_accessor()
    {
        var pixels = Open("SC_rgb_rle_32bit.dcm");

        Assert.Equal(uint.MaxValue, pixels.GetFrameLongValues(0)[0]);
        Assert.Throws<OverflowException>(() => pixels.GetFrameValues(0));
    }

    [Fact]
    public void Rle_frames_split_across_fragments_are_found_by_their_headers()
    {
        var original = Open("SC_rgb_rle_2frame.dcm");
        var file = DicomFile.Open(CorpusFile("SC_rgb_rle_2frame.dcm"));
        var fragments = ((DicomFragmentSequence)file.Dataset[DicomTags.PixelData]!).Fragments.Select(f => f.ToArray()).ToArray();
        var pieces = fragments.SelectMany(f => new[] { f[..100], f[100..] }).ToArray();

        file.Dataset.AddOrUpdate(Fragments([], pieces));
        var split = new DicomPixelData(file);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(original.GetFrame(i).ToArray(), split.GetFrame(i).ToArray());
        }
    }

    [Fact]
    public void Rle_frames_split_across_fragments_follow_the_basic_offset_table()
    {
        var original = Open("SC_rgb_rle_2frame.dcm");
        var file = DicomFile.Open(CorpusFile("SC_rgb_rle_2frame.dcm"));
        var fragments = ((DicomFragmentSequence)file.Dataset[DicomTags.PixelData]!).Fragments.Select(f => f.ToArray()).ToArray();
        // Frame 1 in three fragments, frame 2 in one; offsets count each fragment's 8-byte item header.
        var pieces = new[] { fragments[0][..64], fragments[0][64..70], fragments[0][70..], fragments[1] };
        var table = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), (uint)(pieces[..3].Sum(p => p.Length + 8)));

        file.Dataset.AddOrUpdate(Fragments(table, pieces));
        var split = new DicomPixelData(file);

        Assert.Equal(original.GetFrame(0).ToArray(), split.GetFrame(0).ToArray());
        Assert.Equal(original.GetFrame(1).ToArray(), split.GetFrame(1).ToArray());
    }

    [Fact]
    public void Rle_decodes_color_by_plane_and_interleaves_to_the_native_layout()
    {
        var rle = Open("SC_rgb_rle.dcm");
        var native = new DicomPixelData(DicomFile.Open(CorpusFile("SC_rgb_rle.dcm")).Dataset, DicomTransferSyntax.RleLossless);

        Assert.Equal(0, rle.PlanarConfiguration);
        Assert.Equal(1, rle.FramePlanarConfiguration);
        Assert.Equal(rle.FrameLength, rle.GetFrame(0).Length);
        Assert.Equal(native.GetFrameInterleaved(0).ToArray(), rle.GetFrameInterleaved(0).ToArray());
    }

    [Fact]
    public void Unassignable_fragments_are_a_format_error()
    {
        var dataset = Image(1, 1, 1, 8, 8, 7, 0, "MONOCHROME2", frames: 3);
        dataset.Add(Fragments([], [1], [2], [3], [4]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.RleLossless);

        var error = Assert.Throws<DicomFormatException>(() => pixels.GetFrame(0));
        Assert.Equal(DicomTags.PixelData, error.Tag);
    }

    [Fact]
    public void Random_rle_fragments_fail_only_as_format_errors()
    {
        var random = new Random(42);
        for (var i = 0; i < 1000; i++)
        {
            var dataset = Image(4, 5, random.Next(2) == 0 ? 1 : 3, 8 << random.Next(3), 8, 7, 0, "MONOCHROME2");
            var fragment = new byte[random.Next(0, 200)];
            random.NextBytes(fragment);
            dataset.Add(Fragments([], fragment));
            var pixels = new DicomPixelData(dataset, DicomTransferSyntax.RleLossless);
            try
            {
                Assert.Equal(pixels.FrameLength, pixels.GetFrame(0).Length);
            }
            catch (DicomFormatException)
            {
            }
        }
    }

    [Fact]
    public void Rle_frame_too_small_to_fill_a_huge_image_is_refused_before_allocating()
    {
        // 40000 × 40000 bytes: 1.6 GB that a 66-byte fragment cannot fill.
        var dataset = Image(40000, 40000, 1, 8, 8, 7, 0, "MONOCHROME2");
        dataset.Add(Fragments([], RleDecoderTests.Frame([0x81, 0])));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.RleLossless);

        var error = Assert.Throws<DicomFormatException>(() => pixels.GetFrame(0));
        Assert.Contains("cannot decode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_number_of_frames_is_a_format_error_not_an_overflow()
    {
        // 1.28e10 bits per frame × 2^31 frames passes the range of a long.
        var dataset = Image(40000, 40000, 1, 8, 8, 7, 0, "MONOCHROME2", frames: int.MaxValue);
        dataset.Add(Pixels(new byte[16]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Throws<DicomFormatException>(() => pixels.GetFrame(int.MaxValue - 1));
    }

    [Fact]
    public void Encapsulated_uncompressed_frames_are_their_fragments()
    {
        var dataset = Image(1, 2, 1, 8, 8, 7, 0, "MONOCHROME2", frames: 2);
        dataset.Add(Fragments([], [1, 2], [3, 4]));
        var pixels = new DicomPixelData(dataset, DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian);

        Assert.Equal(new byte[] { 3, 4 }, pixels.GetFrame(1).ToArray());
    }

    [Fact]
    public void Unlisted_encapsulated_syntax_is_unsupported_with_its_registry_name()
    {
        var dataset = Image(1, 1, 1, 8, 8, 7, 0, "MONOCHROME2");
        dataset.Add(Fragments([], [1]));
        var syntax = DicomTransferSyntax.Parse("1.2.840.10008.1.2.4.100");
        var pixels = new DicomPixelData(dataset, syntax);

        var error = Assert.Throws<DicomUnsupportedTransferSyntaxException>(() => pixels.GetFrame(0));
        Assert.StartsWith("unsupported transfer syntax 1.2.840.10008.1.2.4.100 (MPEG2 Main Profile / Main Level)", error.Message, StringComparison.Ordinal);
    }
}
