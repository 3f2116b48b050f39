using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Tests.RealData;

namespace DicomNode.Service.Tests.Cli;

/// <summary>The dump and transcode verbs, run in-process as a user would run them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliVerbTests : IDisposable
{
    private const string Corpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Dump_PrintsEveryElementWithKeyword()
    {
        var (code, output, _) = CliRunner.Run("dump", Path.Combine(Corpus, "CT_small.dcm"));
        Assert.Equal(0, code);
        Assert.Contains("(0008,0060) CS [CT]", output, StringComparison.Ordinal);
        Assert.Contains("Modality", output, StringComparison.Ordinal);
        Assert.Contains("(7FE0,0010) OW", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_OfABrokenFile_SaysWhereAndExitsWithTwo()
    {
        var (code, _, error) = CliRunner.Run("dump", Path.Combine(Corpus, "MR_truncated.dcm"));
        Assert.Equal(2, code);
        Assert.Contains("at byte", error, StringComparison.Ordinal);
        Assert.Contains("(7FE0,0010)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("implicit", "1.2.840.10008.1.2")]
    [InlineData("explicit", "1.2.840.10008.1.2.1")]
    public void Transcode_WritesTheRequestedSyntaxAndKeepsTheElements(string ts, string uid)
    {
        var source = Path.Combine(Corpus, "MR_small_bigendian.dcm");
        var target = Path.Combine(_folder, "out.dcm");
        var (code, _, error) = CliRunner.Run("transcode", source, target, "--ts", ts);
        Assert.True(code == 0, error);

        var original = Part10Reader.ReadFile(source);
        var copy = Part10Reader.ReadFile(target);
        Assert.Equal(uid, copy.FileMetaInformation.GetUid(DicomTags.TransferSyntaxUID));
        Assert.Equal(original.Dataset.Elements.Select(e => e.Tag), copy.Dataset.Elements.Select(e => e.Tag));
        Assert.Equal(original.Dataset.GetUInt16Array(DicomTags.PixelData), copy.Dataset.GetUInt16Array(DicomTags.PixelData));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Theory]
    [InlineData("4.dcm")]
    [InlineData("5.dcm")]
    [InlineData("6.dcm")]
    [InlineData("7.dcm")]
    [InlineData("8.dcm")]
    [InlineData("9.dcm")]
    public void Transcode_LosslessCompressedInput_WritesTheUncompressedTwinsPixels(string name)
    {
        var twin = Part10Reader.ReadFile(RealDataFolder.FileOf("dcm_qa_ts/1.dcm"));
        var target = Path.Combine(_folder, "out.dcm");

        var (code, _, error) = CliRunner.Run("transcode", RealDataFolder.FileOf("dcm_qa_ts/" + name), target, "--ts", "implicit");

        Assert.True(code == 0, error);
        var copy = Part10Reader.ReadFile(target);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian.Uid, copy.TransferSyntax.Uid);
        Assert.Equal(twin.Dataset.GetUInt16Array(DicomTags.PixelData), copy.Dataset.GetUInt16Array(DicomTags.PixelData));
        Assert.False(copy.Dataset.Contains(DicomTags.LossyImageCompression));
    }

    [Fact]
    public void Transcode_LossyYbrJpeg_WritesRgbAndKeepsItMarkedLossy()
    {
        var target = Path.Combine(_folder, "out.dcm");

        var (code, _, error) = CliRunner.Run("transcode", Path.Combine(Corpus, "SC_rgb_dcmtk_+eb+cy+s2.dcm"), target, "--ts", "explicit");

        Assert.True(code == 0, error);
        var copy = Part10Reader.ReadFile(target);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, copy.TransferSyntax.Uid);
        Assert.Equal("RGB", copy.Dataset.GetString(DicomTags.PhotometricInterpretation));
        Assert.Equal("01", copy.Dataset.GetString(DicomTags.LossyImageCompression));
        Assert.Equal(100 * 100 * 3, copy.Dataset.GetBytes(DicomTags.PixelData).Length);
    }

    [Fact]
    public void Transcode_SyntaxWithoutADecoder_IsRefusedAndLeavesNoFile()
    {
        var mpeg = DicomFile.Open(RealDataFolder.FileOf("dcm_qa_ts/5.dcm"));
        mpeg.TransferSyntax = DicomTransferSyntax.Parse("1.2.840.10008.1.2.4.100");
        var source = Path.Combine(_folder, "mpeg.dcm");
        mpeg.Save(source);
        var target = Path.Combine(_folder, "out.dcm");

        var (code, _, error) = CliRunner.Run("transcode", source, target, "--ts", "implicit");

        Assert.Equal(2, code);
        Assert.Contains("unsupported transfer syntax 1.2.840.10008.1.2.4.100", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.False(File.Exists(target + ".partial"));
    }

    [Fact]
    public void Transcode_UnknownSyntaxName_IsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("transcode", Path.Combine(Corpus, "CT_small.dcm"), Path.Combine(_folder, "x.dcm"), "--ts", "bigendian");
        Assert.NotEqual(0, code);
        Assert.Contains("bigendian", error, StringComparison.Ordinal);
    }
}
