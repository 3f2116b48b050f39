using DicomNode.Dicom;
using DicomNode.Dicom.IO;

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

    [Fact]
    public void Transcode_CompressedInput_IsRefusedAndLeavesNoFile()
    {
        var target = Path.Combine(_folder, "out.dcm");
        var (code, _, error) = CliRunner.Run("transcode", Path.Combine(Corpus, "JPEG2000.dcm"), target, "--ts", "implicit");
        Assert.Equal(2, code);
        Assert.Contains("never done silently", error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Transcode_UnknownSyntaxName_IsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("transcode", Path.Combine(Corpus, "CT_small.dcm"), Path.Combine(_folder, "x.dcm"), "--ts", "bigendian");
        Assert.NotEqual(0, code);
        Assert.Contains("bigendian", error, StringComparison.Ordinal);
    }
}
