using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Pipeline;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>Allocations are counted process-wide (the pipeline hops threads): no other test runs beside these.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Issue 22 acceptance a (the job part) and issue 23 point 3: a job on a study holding a huge instance reads that
/// instance's header, never its pixel data: the selection, the report and the check of each result against the
/// destination's profile all stop at Pixel Data.
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class LargeInstanceJobTests : IDisposable
{
    private const int PixelBytes = 96 << 20;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-large-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Issue22_AJobOnAStudyHoldingAHugeInstance_AllocatesFarLessThanTheInstance()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var path = Path.Combine(_folder, "huge.dcm");
        TestInstances.WriteFile(path, TestInstances.Dataset(study, series, sop)
            .SetString(DicomTags.PatientID, "P-22")
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[PixelBytes]));
        var request = new AnalysisRequest(1, study, "MODALITY", [new AnalysisSeries(series, "MR", [new AnalysisInstance(sop, TestInstances.MrImageStorage, path)])],
            Path.Combine(_folder, "job"));
        Directory.CreateDirectory(request.OutputFolder);
        var manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyAnalysisPipeline(new StudyPipeline(manifest, sessions, writer));

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var outcome = await pipeline.AnalyzeAsync(request, CancellationToken.None);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The study has no usable sequence: its report says so, with the patient of the huge instance's header.
        var report = Part10Reader.ReadFile(Assert.Single(outcome.FilesToSend)).Dataset;
        Assert.Equal("SR", report.GetString(DicomTags.Modality));
        Assert.Equal("P-22", report.GetString(DicomTags.PatientID));
        Assert.StartsWith("no usable sequence", outcome.FailureReason, StringComparison.Ordinal);
        Assert.True(allocated < PixelBytes / 8, $"{allocated} bytes allocated by a job on a study holding a {PixelBytes}-byte instance");
    }
}
