using System.Text;
using DicomNode.Dicom;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// A job configured for CUDA on a machine without the NVIDIA libraries ends in the "not analysed" SR, whose reason
/// names the missing libraries and how to install them (issue 21, acceptance e). Runs the demonstration models
/// (phantom-trained, not for clinical use) on one phantom study.
/// </summary>
public sealed class ExecutionProviderFailureTests : IDisposable
{
    private const int Seed = 10002;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-provider-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Cuda_WithoutItsLibraries_FailsTheJobWithAReportNamingThem()
    {
        string study = PhantomGenerator.Generate(Seed, PhantomGenerator.ProfileForSeed(Seed), Path.Combine(_folder, "phantoms"));
        ModelManifest manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyPipeline(manifest, sessions, writer, new StudyPipelineOptions { WriteFindingsFiles = false },
            new InferenceSessionOptions { Provider = ExecutionProvider.Cuda });
        string[] files = Directory.GetFiles(Path.Combine(study, "dicom"), "*.dcm", SearchOption.AllDirectories);

        StudyPipelineResult result = await pipeline.RunAsync(files, Path.Combine(_folder, "out"));

        if (result.FailureReason is null)
        {
            return; // CUDA runs on this machine.
        }

        Assert.StartsWith("execution provider unavailable: CUDA requested but ", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("libcudart.so.13", result.FailureReason, StringComparison.Ordinal);
        Assert.Contains("libcudnn.so.9", result.FailureReason, StringComparison.Ordinal);
        string report = Assert.Single(result.Files);
        Assert.Equal("sr-not-analysed.dcm", Path.GetFileName(report));
        string text = Encoding.Latin1.GetString(File.ReadAllBytes(report));
        Assert.Contains("libcudart.so.13", text, StringComparison.Ordinal);
        Assert.Contains("cuDNN 9", text, StringComparison.Ordinal);
    }
}
