using System.Text.Json;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Tests.RealData;
using DicomNode.Reporting.Tests;
using Xunit.Abstractions;

namespace DicomNode.Service.Tests.Cli;

/// <summary>
/// Issue 18 (a, and point 7): <c>dicomnode analyze</c> on every folder of the real scanner files in
/// <c>../shared/realdata/</c> (docs/real-data.md). Each ends analysed (exit 0) or with the report saying why (exit 1):
/// never a crash, a stack trace or exception text on the console, never an empty output folder. The two studies with
/// DWI and ADC run the demonstration models (synthetic-phantom training, not for clinical use).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AnalyzeRealDataTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("dicomnode-analyze-real-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Theory]
    [InlineData("prostatex-0001", 0, "DWI: series 7 'ep2d_diff_tra_DYNDIST_MIX': b=800 s/mm²")]
    [InlineData("dcm_qa_xa30", 0, "DWI: series 12 'DWI_dir80_PA_TRACEW': b=2500 s/mm²")]
    [InlineData("dcm_qa_ge", 1, "raw directional data (6 gradient directions in 12 images)")]
    [InlineData("dcm_qa_philips_dwi", 1, "XX_0546: a vendor-private object")]
    [InlineData("dcm_qa_philips", 1, "fewer than the 5 slices a volume needs")]
    [InlineData("dcm_qa_canon_61", 1, "raw directional data (12 gradient directions in 480 images)")]
    [InlineData("dcm_qa_enh", 1, "DWI: no DWI with b ≥ 500 s/mm²: no series carries a diffusion b-value")]
    [InlineData("dcm_qa_agfa", 1, "ADC map: no ADC map: looked for")]
    [InlineData("dcm_qa_ts", 1, "T1 in-phase: no T1 Dixon in-phase series")]
    [InlineData("dcm_qa", 1, "DWI: no DWI with b ≥ 500 s/mm²")]
    public void Analyze_OnRealScannerFiles_EndsInResultsOrAReport_WithoutAnExceptionReachingTheUser(string folder, int exit, string said)
    {
        var (code, stdout, stderr) = CliRunner.Run("analyze", RealDataFolder.Of(folder), "--out", _output);

        Assert.True(code == exit, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains(said, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.True(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 1, stderr);
        var report = Path.Combine(_output, exit == 0 ? "sr.dcm" : "sr-not-analysed.dcm");
        Assert.Equal("SR", Part10Reader.ReadFile(report).Dataset.GetString(DicomTags.Modality));
        Assert.True(File.Exists(Path.Combine(_output, "findings.json")));
    }

    /// <summary>
    /// The results of the two real studies that analyse, loaded with their source images through the viewer bench
    /// (<c>tests/viewers/check.mjs</c>: dcmjs and the Cornerstone3D adapters the way OHIF 3.13.2 calls them): every
    /// SEG pixel lands on its source image and every SR measurement is placed and read. ProstateX is classic
    /// single-frame Siemens; the XA30 sources are Enhanced MR multi-frame images, referenced per frame. The findings
    /// themselves come from demonstration models and mean nothing on these patients: what is checked is that they all
    /// reach the viewer.
    /// </summary>
    [Theory]
    [InlineData("prostatex-0001")]
    [InlineData("dcm_qa_xa30")]
    public async Task Analyze_OnRealScannerFiles_EverySegPixelAndEveryMeasurementReachesTheViewerAdapters(string folder)
    {
        Assert.True(ViewerBench.IsInstalled, ViewerBench.NotInstalled);
        var source = RealDataFolder.Of(folder);
        var (code, stdout, stderr) = CliRunner.Run("analyze", source, "--out", _output);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var segs = Directory.GetFiles(_output, "seg-*.dcm");
        Assert.NotEmpty(segs);
        // The sources beside the results, as check.mjs wants them (it follows links); deleting the folder removes the link only.
        Directory.CreateSymbolicLink(Path.Combine(_output, "source"), source);

        // Both imageId forms OHIF uses: WADO-URI (?frame=N) and DICOMweb (…/frames/N); the adapters rewrite each its own way.
        foreach (var scheme in new[] { "dicomfile", "wadors" })
        {
            var (exitCode, text, written) = await ViewerBench.RunAsync(_output, Path.Combine(_output, $"viewer-bench-{scheme}.json"), "--scheme", scheme);
            log.WriteLine(text);

            Assert.True(written is not null, "check.mjs wrote no report:\n" + text);
            using var report = written;
            var judged = ViewerBench.JudgedFiles(report, _output);
            foreach (var result in segs.Append(Path.Combine(_output, "sr.dcm")))
            {
                Assert.Contains(Path.GetFullPath(result), judged);
            }

            Assert.True(exitCode == 0, $"check.mjs --scheme {scheme} exit code {exitCode}:\n{text}");
        }
    }

    /// <summary>
    /// The bench matches SEG frames and SR regions to frames of an Enhanced MR source by Referenced Frame Number, as the
    /// adapters do. The XA30 results with every Referenced Frame Number removed — what a writer that forgot them would
    /// send — fail: each SEG names the multi-frame source its frames cannot be placed on, and the SR the frame 1 OHIF
    /// would draw its regions on. So the pass above cannot come from a bench blind to frames.
    /// </summary>
    [Fact]
    public async Task ViewerBench_OnXa30ResultsWithoutReferencedFrameNumbers_FailsForEverySegAndTheSr()
    {
        Assert.True(ViewerBench.IsInstalled, ViewerBench.NotInstalled);
        var source = RealDataFolder.Of("dcm_qa_xa30");
        var (code, stdout, stderr) = CliRunner.Run("analyze", source, "--out", _output);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var removed = 0;
        foreach (var path in Directory.GetFiles(_output, "seg-*.dcm").Append(Path.Combine(_output, "sr.dcm")))
        {
            var file = DicomFile.Open(path);
            removed += RemoveEverywhere(file.Dataset, DicomTags.ReferencedFrameNumber);
            file.Save(path);
        }

        Assert.True(removed > 0, "the node's XA30 results name no frame");
        Directory.CreateSymbolicLink(Path.Combine(_output, "source"), source);

        var (exitCode, text, written) = await ViewerBench.RunAsync(_output, Path.Combine(_output, "viewer-bench.json"));
        log.WriteLine(text);

        Assert.True(exitCode == 1, $"check.mjs should fail, exit code {exitCode}:\n{text}");
        Assert.True(written is not null, "check.mjs wrote no report:\n" + text);
        using var report = written;
        var judged = report.RootElement.GetProperty("reports").EnumerateArray().ToList();
        bool Says(JsonElement r, string words) => r.GetProperty("problems").EnumerateArray().Any(p => p.GetString()!.Contains(words, StringComparison.Ordinal));
        Assert.Contains(judged, r => r.GetProperty("kind").GetString() == "SEG");
        Assert.All(judged.Where(r => r.GetProperty("kind").GetString() == "SEG"), r => Assert.True(Says(r, "with no Referenced Frame Number"), r.ToString()));
        Assert.True(Says(judged.Single(r => r.GetProperty("kind").GetString() == "SR"), "OHIF draws it on frame 1"), text);
    }

    private static int RemoveEverywhere(DicomDataset dataset, DicomTag tag)
    {
        var removed = dataset.Remove(tag) ? 1 : 0;
        foreach (var sequence in dataset.Elements.OfType<DicomSequence>())
        {
            foreach (var item in sequence.Items)
            {
                removed += RemoveEverywhere(item, tag);
            }
        }

        return removed;
    }
}
