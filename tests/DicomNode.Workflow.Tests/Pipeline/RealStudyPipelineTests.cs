using System.Text.Json.Nodes;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Tests.RealData;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom.Tests;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// Issue 18 (c): real scanner studies analysed end to end with the demonstration models (trained on synthetic
/// phantoms, for demonstration and testing only; their findings on real anatomy mean nothing clinically). What is
/// checked is the plumbing: the series chosen, SEGs on the right source images and frames, dciodvfy's verdict, and an
/// SR that names the missing T1 in-phase series. The files are read from ../shared/realdata/ beside the repository.
/// </summary>
public sealed class RealStudyPipelineTests : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("dicomnode-realstudy-").FullName;

    public void Dispose() => Directory.Delete(_output, recursive: true);

    [Fact]
    public async Task ProstateX_DwiAndAdcWithoutT1_AreAnalysed_OnTheB800ImagesAndTheAdcMap()
    {
        string folder = RealDataFolder.Of("prostatex-0001");
        StudyPipelineResult result = await RunAsync(folder);

        Assert.Null(result.FailureReason);
        var segs = Segs(result);
        Assert.Equal(2, segs.Select(SourceSeriesOf).Distinct().Count());
        var dwiSeries = UidOfSeries(folder, "7.000000-ep2ddifftraDYNDISTMIX-61648");
        var adcSeries = UidOfSeries(folder, "8.000000-ep2ddifftraDYNDISTMIXADC-33954");
        Assert.Equal([adcSeries, dwiSeries], segs.Select(SourceSeriesOf).Distinct().Order(StringComparer.Ordinal).ToArray().Order(StringComparer.Ordinal));

        // Every derivation of the DWI SEG points at a b=800 image of series 7, never at b50 or b400 (same positions).
        var b800 = InstancesWithB(Path.Combine(folder, "7.000000-ep2ddifftraDYNDISTMIX-61648"), "800");
        var sources = segs.Where(s => SourceSeriesOf(s) == dwiSeries).SelectMany(DerivationSources).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, s => Assert.Contains(s.Uid, b800));
        Assert.All(sources, s => Assert.Null(s.Frame));

        await AssertValidAsync(result);
        AssertNamesMissingT1(result);
    }

    [Fact]
    public async Task SiemensXa30Enhanced_TraceAndAdc_AreAnalysed_WithSegFramesOnTheSourceFrames()
    {
        string folder = RealDataFolder.Of("dcm_qa_xa30");
        StudyPipelineResult result = await RunAsync(folder);

        Assert.Null(result.FailureReason);
        var trace = Part10Reader.ReadFile(Directory.GetFiles(Path.Combine(folder, "12_DWI_dir80_PA"))[0]).Dataset;
        var adc = Part10Reader.ReadFile(Directory.GetFiles(Path.Combine(folder, "11_DWI_dir80_PA"))[0]).Dataset;
        var sourcesByUid = new[] { trace, adc }.ToDictionary(d => d.GetUid(DicomTags.SeriesInstanceUID)!, StringComparer.Ordinal);
        Assert.Equal(sourcesByUid.Keys.Order(StringComparer.Ordinal), result.Findings!.Series.Select(s => s.SeriesInstanceUid).Order(StringComparer.Ordinal));

        // A brain study: the pelvic demonstration models find bones on some frames of one series or both, and a series
        // with no finding gets no SEG (per series with findings one of the bones and one of the lesions, each only when it
        // has any). Every SEG written must sit on its source's frames.
        var segs = Segs(result);
        Assert.NotEmpty(segs);
        Assert.Equal(result.Findings.Series.Sum(s => (s.Bones.Count > 0 ? 1 : 0) + (s.Metastases.Count + s.Nodes.Count > 0 ? 1 : 0)), segs.Count);
        foreach (var (seg, source) in segs.Select(s => (s, sourcesByUid[SourceSeriesOf(s)])))
        {
            // Each SEG frame derives from one frame of the multi-frame source, at that frame's own position.
            var positions = source.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items
                .Select(f => f.GetSequence(DicomTags.PlanePositionSequence)!.Items[0].GetDoubles(DicomTags.ImagePositionPatient))
                .ToList();
            var perFrame = seg.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items;
            Assert.NotEmpty(perFrame);
            foreach (var frame in perFrame)
            {
                var image = frame.GetSequence(DicomTags.DerivationImageSequence)!.Items[0].GetSequence(DicomTags.SourceImageSequence)!.Items[0];
                Assert.Equal(source.GetUid(DicomTags.SOPInstanceUID), image.GetUid(DicomTags.ReferencedSOPInstanceUID));
                Assert.True(image.TryGetInt32(DicomTags.ReferencedFrameNumber, out var number), "the source frame is referenced by number");
                var expected = positions[number - 1];
                var actual = frame.GetSequence(DicomTags.PlanePositionSequence)!.Items[0].GetDoubles(DicomTags.ImagePositionPatient);
                for (var a = 0; a < 3; a++)
                {
                    Assert.Equal(expected[a], actual[a], 3);
                }
            }

            var referenced = seg.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items[0].GetSequence(DicomTags.ReferencedInstanceSequence)!.Items;
            Assert.Equal(source.GetUid(DicomTags.SOPInstanceUID), Assert.Single(referenced).GetUid(DicomTags.ReferencedSOPInstanceUID));
        }

        await AssertValidAsync(result);
        AssertNamesMissingT1(result);
    }

    private static void AssertNamesMissingT1(StudyPipelineResult result)
    {
        var sr = result.Files.Select(f => Part10Reader.ReadFile(f).Dataset).Single(d => d.GetString(DicomTags.Modality) == "SR");
        Assert.Equal("PARTIAL", sr.GetString(DicomTags.CompletionFlag));
        Assert.Contains("T1 in-phase missing: bone metastases from DWI only", Texts(sr));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(result.Files[0])!, FindingsFiles.FindingsFileName)))!;
        Assert.Equal(["T1IP"], json["missingSequences"]!.AsArray().Select(n => (string)n!).ToArray());
    }

    private static async Task AssertValidAsync(StudyPipelineResult result)
    {
        foreach (var file in result.Files)
        {
            var run = await ExternalTool.RunAsync("dciodvfy", file);
            var errors = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("\n", errors)}");
        }
    }

    private async Task<StudyPipelineResult> RunAsync(string folder)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        ModelManifest manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: "demonstration models, not for clinical use");
        return await new StudyPipeline(manifest, sessions, writer).RunAsync(files, _output);
    }

    private static List<DicomDataset> Segs(StudyPipelineResult result) =>
        result.Files.Select(f => Part10Reader.ReadFile(f).Dataset).Where(d => d.GetString(DicomTags.Modality) == "SEG").ToList();

    private static string SourceSeriesOf(DicomDataset seg) =>
        seg.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items[0].GetUid(DicomTags.SeriesInstanceUID)!;

    private static IEnumerable<(string Uid, int? Frame)> DerivationSources(DicomDataset seg) =>
        seg.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items.Select(f =>
        {
            var image = f.GetSequence(DicomTags.DerivationImageSequence)!.Items[0].GetSequence(DicomTags.SourceImageSequence)!.Items[0];
            return (image.GetUid(DicomTags.ReferencedSOPInstanceUID)!, image.TryGetInt32(DicomTags.ReferencedFrameNumber, out var n) ? (int?)n : null);
        });

    private static string UidOfSeries(string folder, string series) =>
        Part10Reader.ReadFile(Directory.GetFiles(Path.Combine(folder, series))[0]).Dataset.GetUid(DicomTags.SeriesInstanceUID)!;

    /// <summary>The SOP Instance UIDs of the images whose Siemens b-value text (0019,100C) is <paramref name="b"/>.</summary>
    private static HashSet<string> InstancesWithB(string folder, string b) =>
        Directory.GetFiles(folder)
            .Select(f => Part10Reader.ReadFile(f).Dataset)
            .Where(d => d.FindPrivateTag(0x0019, "SIEMENS MR HEADER", 0x0C) is { } tag
                && System.Text.Encoding.ASCII.GetString(d.GetBytes(tag).Span).Trim(' ', '\0') == b)
            .Select(d => d.GetUid(DicomTags.SOPInstanceUID)!)
            .ToHashSet(StringComparer.Ordinal);

    private static List<string> Texts(DicomDataset sr) =>
        sr.GetSequence(DicomTags.ContentSequence)!.Items
            .SelectMany(i => i.GetSequence(DicomTags.ContentSequence)?.Items ?? [])
            .Where(i => i.GetString(DicomTags.ValueType) == "TEXT")
            .Select(i => i.GetString(DicomTags.TextValue)!)
            .ToList();
}
