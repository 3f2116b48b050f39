using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom;
using DicomNode.Phantom.Tests;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;
using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// Issue 19, point 5: the pipeline writes the kinds of result asked for — key images and the PDF report beside the SEGs
/// and the SR — on one GE-like phantom study analysed with the demonstration models (synthetic phantoms, not for
/// clinical use); every object passes dciodvfy and the SEG and SR UIDs do not depend on the profile.
/// </summary>
public sealed class ResultOutputsPipelineTests : IDisposable
{
    private const int Seed = 10002;
    private const string Notice = "Demonstration models (synthetic phantoms); not for clinical use";

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-outputs-").FullName;
    private readonly string _study;

    public ResultOutputsPipelineTests()
    {
        _study = PhantomGenerator.Generate(Seed, "ge", Path.Combine(_folder, "phantoms"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task EveryOutput_IsWritten_PassesDciodvfy_AndLeavesTheSegAndSrUidsAsTheDefaultGivesThem()
    {
        var all = ResultOutputs.Seg | ResultOutputs.Sr | ResultOutputs.KeyImages | ResultOutputs.Pdf;
        var (everything, findings) = await RunAsync(all, "all");
        var (srOnly, _) = await RunAsync(ResultOutputs.Sr, "sr");

        var byClass = everything.ToLookup(d => d.Dataset.GetUid(DicomTags.SOPClassUID));
        Assert.NotEmpty(byClass[Dicom.Dictionary.DicomUids.SegmentationStorage]);
        var keyImages = byClass[Dicom.Dictionary.DicomUids.SecondaryCaptureImageStorage].ToList();
        // Each metastasis and suspicious node the models found, and the bone overview.
        Assert.Equal(findings.Metastases.Count + findings.SuspiciousNodeCount + 1, keyImages.Count);
        Assert.Single(keyImages.Select(k => k.Dataset.GetUid(DicomTags.SeriesInstanceUID)).Distinct());
        Assert.All(keyImages, k => Assert.Equal(Notice + ".", k.Dataset.GetString(DicomTags.ImageComments)));
        Assert.Single(byClass[Dicom.Dictionary.DicomUids.EncapsulatedPDFStorage]);
        var sr = Assert.Single(byClass[Dicom.Dictionary.DicomUids.EnhancedSRStorage]);

        var onlySr = Assert.Single(srOnly);
        Assert.Equal(sr.Dataset.GetUid(DicomTags.SOPInstanceUID), onlySr.Dataset.GetUid(DicomTags.SOPInstanceUID));
        Assert.Equal("sr.dcm", Path.GetFileName(everything[^1].Path));

        foreach (var (path, _) in everything)
        {
            var run = await ExternalTool.RunAsync("dciodvfy", path);
            var errors = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"{Path.GetFileName(path)}: {string.Join("\n", errors)}");
        }
    }

    private async Task<(List<(string Path, DicomDataset Dataset)> Files, Analysis.Findings.StudyFindings Findings)> RunAsync(ResultOutputs outputs, string name)
    {
        var files = Directory.GetFiles(Path.Combine(_study, "dicom"), "*.dcm", SearchOption.AllDirectories).ToList();
        var manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), Notice);
        var pipeline = new StudyPipeline(manifest, sessions, writer);
        var output = Path.Combine(_folder, name);
        var result = await pipeline.RunAsync(files, output, "job-seed", outputs, CancellationToken.None);
        Assert.Null(result.FailureReason);
        return (result.Files.Select(f => (f, Part10Reader.ReadFile(f).Dataset)).ToList(), result.Findings!);
    }
}
