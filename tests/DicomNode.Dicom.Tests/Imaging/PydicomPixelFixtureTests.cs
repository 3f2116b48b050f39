using System.Security.Cryptography;
using System.Text.Json;
using DicomNode.Dicom.Imaging;

namespace DicomNode.Dicom.Tests.Imaging;

/// <summary>
/// Decodes pydicom's test files and compares every frame with what pydicom 2.3 decodes, recorded as
/// hashes in pixel-fixture.json by make-pixel-fixture.py (which describes the canonical layouts).
/// </summary>
public class PydicomPixelFixtureTests
{
    public static TheoryData<string> DecodableFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in LoadFixture().GetProperty("files").EnumerateArray())
        {
            data.Add(file.GetProperty("file").GetString()!);
        }

        return data;
    }

    public static TheoryData<string, string> UnsupportedFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in LoadFixture().GetProperty("unsupported").EnumerateArray())
        {
            data.Add(file.GetProperty("file").GetString()!, file.GetProperty("transferSyntax").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DecodableFiles))]
    public void Frames_hash_as_pydicom_decodes_them(string name)
    {
        var expected = Entry(name);
        var pixels = PixelTestData.Open(name);

        Assert.Equal(expected.GetProperty("transferSyntax").GetString(), pixels.TransferSyntax.Uid);
        Assert.Equal(expected.GetProperty("frames").GetInt32(), pixels.NumberOfFrames);
        Assert.Equal(expected.GetProperty("rows").GetInt32(), pixels.Rows);
        Assert.Equal(expected.GetProperty("columns").GetInt32(), pixels.Columns);
        Assert.Equal(expected.GetProperty("samplesPerPixel").GetInt32(), pixels.SamplesPerPixel);
        Assert.Equal(expected.GetProperty("bitsAllocated").GetInt32(), pixels.BitsAllocated);
        Assert.Equal(expected.GetProperty("bitsStored").GetInt32(), pixels.BitsStored);
        Assert.Equal(expected.GetProperty("pixelRepresentation").GetInt32(), pixels.PixelRepresentation);
        Assert.Equal(expected.GetProperty("photometricInterpretation").GetString(), pixels.PhotometricInterpretation);
        Assert.Equal(expected.GetProperty("rescaleSlope").GetDouble(), pixels.RescaleSlope);
        Assert.Equal(expected.GetProperty("rescaleIntercept").GetDouble(), pixels.RescaleIntercept);

        var frames = expected.GetProperty("framesDetail").EnumerateArray().ToArray();
        for (var i = 0; i < frames.Length; i++)
        {
            var frame = frames[i];
            Assert.True(
                frame.GetProperty("rawSha256").GetString() == Sha256(pixels.GetFrameInterleaved(i).Span),
                $"{name} frame {i}: interleaved bytes differ from pydicom's pixel_array");

            var values = pixels.GetFrameLongValues(i);
            var valueBytes = new byte[values.Length * 8];
            for (var k = 0; k < values.Length; k++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(valueBytes.AsSpan(k * 8), values[k]);
            }

            Assert.True(frame.GetProperty("valuesSha256").GetString() == Sha256(valueBytes), $"{name} frame {i}: stored values differ");
            Assert.Equal(frame.GetProperty("min").GetInt64(), values.Min());
            Assert.Equal(frame.GetProperty("max").GetInt64(), values.Max());
            foreach (var sample in frame.GetProperty("samples").EnumerateObject())
            {
                Assert.Equal(sample.Value.GetInt64(), values[int.Parse(sample.Name, System.Globalization.CultureInfo.InvariantCulture)]);
            }

            var realMean = pixels.GetFrameRealValues(i).Average(v => (double)v);
            var expectedMean = frame.GetProperty("realMean").GetDouble();
            Assert.True(Math.Abs(realMean - expectedMean) <= 1e-6 * Math.Max(1, Math.Abs(expectedMean)), $"{name} frame {i}: mean {realMean} vs {expectedMean}");

            if (values.Max() <= int.MaxValue)
            {
                Assert.Equal(values.Select(v => (int)v), pixels.GetFrameValues(i));
            }
            else
            {
                Assert.Throws<OverflowException>(() => pixels.GetFrameValues(i));
            }
        }
    }

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public void Compressed_frames_without_a_decoder_raise_unsupported_transfer_syntax(string name, string uid)
    {
        // A registry with no codec stands for a platform without the JPEG family's decoders.
        var file = DicomFile.Open(PixelTestData.CorpusFile(name));
        var pixels = new DicomPixelData(file.Dataset, file.TransferSyntax, new DicomNode.Dicom.Imaging.Codecs.FrameDecoderRegistry([]));

        Assert.False(pixels.CanDecode);
        var error = Assert.Throws<DicomUnsupportedTransferSyntaxException>(() => pixels.GetFrame(0));
        Assert.StartsWith($"unsupported transfer syntax {uid} ", error.Message, StringComparison.Ordinal);
        Assert.Contains(pixels.TransferSyntax.Name, error.Message, StringComparison.Ordinal);
        Assert.Equal(uid, error.TransferSyntax.Uid);
    }

    [Fact]
    public void Fixture_covers_every_corpus_file_the_brief_lists()
    {
        var names = LoadFixture().GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()).ToHashSet();
        string[] required =
        [
            "MR_small.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm", "MR_small_RLE.dcm",
            "SC_rgb_rle.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_rle_16bit.dcm", "SC_rgb_rle_16bit_2frame.dcm",
            "SC_rgb_rle_32bit.dcm", "SC_rgb_rle_32bit_2frame.dcm", "rtdose.dcm", "rtdose_1frame.dcm",
            "rtdose_expb.dcm", "rtdose_rle.dcm", "rtdose_rle_1frame.dcm", "CT_small.dcm",
            "SC_rgb_small_odd.dcm", "SC_ybr_full_422_uncompressed.dcm", "liver_1frame.dcm", "liver_expb_1frame.dcm",
        ];
        Assert.All(required, name => Assert.Contains(name, names));
    }

    private static JsonElement Entry(string name) =>
        LoadFixture().GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == name);

    private static JsonElement LoadFixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Imaging", "pixel-fixture.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
