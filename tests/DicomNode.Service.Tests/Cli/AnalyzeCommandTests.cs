using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Phantom;

namespace DicomNode.Service.Tests.Cli;

/// <summary>
/// The analyze verb on a GE-like phantom study (the shipped demonstration models, trained on synthetic phantoms, not
/// for clinical use), run in-process as a user would run it: a partial protocol is analysed and says what is missing;
/// a study that breaks the analysis ends in one line on stderr, a non-zero exit and the report saying why.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-analyze-").FullName;
    private readonly string _study;

    public AnalyzeCommandTests()
    {
        _study = PhantomGenerator.Generate(10002, "ge", Path.Combine(_folder, "phantoms"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Analyze_WithoutT1InPhase_AnalysesTheRest_AndPrintsWhatIsMissing()
    {
        Directory.Delete(SeriesFolder("InPhase"), recursive: true);
        string output = Path.Combine(_folder, "out");

        var (code, stdout, stderr) = CliRunner.Run("analyze", _study, "--out", output);

        Assert.True(code == 0, stderr);
        // Every choice is explained: the series chosen per role and why, and what was looked for in vain.
        Assert.Contains("\nDWI: series ", stdout, StringComparison.Ordinal);
        Assert.Contains("in the target window 800–1000 s/mm²", stdout, StringComparison.Ordinal);
        Assert.Contains("\nADC map: series ", stdout, StringComparison.Ordinal);
        Assert.Contains("\nT1 in-phase: no T1 Dixon in-phase series: looked for", stdout, StringComparison.Ordinal);
        Assert.Contains("missing: T1 in-phase", stdout, StringComparison.Ordinal);
        Assert.Contains("T1 in-phase missing: bone metastases from DWI only", stdout, StringComparison.Ordinal);
        Assert.Contains("(partial: no T1IP)", stdout, StringComparison.Ordinal);
        // DWI and ADC map: a bone SEG each, and a lesion SEG of the DWI when it found any metastasis or node.
        var segs = Directory.GetFiles(output, "seg-*.dcm").Select(f => DicomFile.Open(f).Dataset).ToList();
        Assert.Equal(2, segs.Count(s => s.GetString(DicomTags.ContentLabel) == "AI_BONES"));
        Assert.All(segs, s => Assert.Contains(s.GetString(DicomTags.ContentLabel), new[] { "AI_BONES", "AI_LESIONS" }));
        Assert.True(File.Exists(Path.Combine(output, "sr.dcm")));
    }

    [Fact]
    public void Analyze_OfAStudyWhosePixelsNoDecoderReads_ExitsNonZero_WithOneLine_AndWritesTheReport()
    {
        // JPEG 2000 in the header, native pixels in the fragment: the headers read, the pixels do not decode.
        foreach (string file in Directory.GetFiles(SeriesFolder("DWI"), "*.dcm"))
        {
            DicomDataset dataset = Part10Reader.ReadFile(file).Dataset;
            ReadOnlyMemory<byte> pixels = dataset.GetBytes(DicomTags.PixelData);
            dataset.Remove(DicomTags.PixelData);
            dataset.Add(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [pixels]));
            Part10Writer.WriteFile(file, new DicomFile(dataset, DicomTransferSyntax.Jpeg2000Lossless));
        }

        string output = Path.Combine(_folder, "out");

        var (code, _, stderr) = CliRunner.Run("analyze", _study, "--out", output);

        Assert.Equal(1, code);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("not analysed: unexpected error (", line, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "sr-not-analysed.dcm")));
        Assert.Contains("\"status\": \"failed\"", File.ReadAllText(Path.Combine(output, "findings.json")), StringComparison.Ordinal);
        // The stack is in the log, not on the console.
        Assert.Contains("   at ", File.ReadAllText(Path.Combine(output, "analyze.log")), StringComparison.Ordinal);
    }

    private string SeriesFolder(string marker) =>
        Directory.GetDirectories(Path.Combine(_study, "dicom")).Single(d => Path.GetFileName(d).Contains(marker, StringComparison.Ordinal));
}
