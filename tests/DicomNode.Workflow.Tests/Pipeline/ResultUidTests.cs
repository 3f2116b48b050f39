using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Pipeline;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>Issue 22, point 6: a job analysed again (after a crash) writes results with the same UIDs.</summary>
public sealed class ResultUidTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-result-uids-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Issue22_TheSameJobAnalysedTwice_WritesResultsWithTheSameSopAndSeriesInstanceUids()
    {
        var request = Request(jobId: 7);

        var first = await AnalyseAsync(request, "run-1");
        var second = await AnalyseAsync(request, "run-2");

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.All(first, u => Assert.True(DicomUidValidator.IsValid(u.Sop) && DicomUidValidator.IsValid(u.Series)));
    }

    [Fact]
    public async Task AnotherJobOfTheStudy_WritesResultsWithOtherUids()
    {
        var request = Request(jobId: 7);

        var first = await AnalyseAsync(request, "run-1");
        var other = await AnalyseAsync(request with { JobId = 8 }, "run-2");

        Assert.Empty(first.Select(u => u.Sop).Intersect(other.Select(u => u.Sop)));
    }

    [Fact]
    public void DerivedGenerator_RepeatsItsSequence_AndDiffersBySeed()
    {
        var a = DicomUidGenerator.Derived("job-1");
        var b = DicomUidGenerator.Derived("job-1");
        var c = DicomUidGenerator.Derived("job-2");

        var fromA = Enumerable.Range(0, 5).Select(_ => a.Generate()).ToList();
        var fromB = Enumerable.Range(0, 5).Select(_ => b.Generate()).ToList();

        Assert.Equal(fromA, fromB);
        Assert.Equal(5, fromA.Distinct().Count());
        Assert.DoesNotContain(c.Generate(), fromA);
        Assert.All(fromA, u => Assert.StartsWith("2.25.", u, StringComparison.Ordinal));
    }

    private AnalysisRequest Request(long jobId)
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var path = Path.Combine(_folder, "input.dcm");
        var dataset = TestInstances.Dataset(study, series, sop).SetString(DicomTags.PatientID, "P-1");
        TestInstances.WriteFile(path, dataset);
        return new AnalysisRequest(jobId, study, "MODALITY", [new AnalysisSeries(series, "MR", [new AnalysisInstance(sop, TestInstances.MrImageStorage, path)])], string.Empty);
    }

    private async Task<List<(string Sop, string Series)>> AnalyseAsync(AnalysisRequest request, string run)
    {
        var manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();

        // A fresh writer with a random generator each time, as after a restart: only the job makes the UIDs repeat.
        var writer = new StudyResultWriter(new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyAnalysisPipeline(new StudyPipeline(manifest, sessions, writer));
        var output = Path.Combine(_folder, run);
        Directory.CreateDirectory(output);
        var outcome = await pipeline.AnalyzeAsync(request with { OutputFolder = output }, CancellationToken.None);
        return outcome.FilesToSend
            .Select(f => Part10Reader.ReadFile(f).Dataset)
            .Select(d => (d.GetUid(DicomTags.SOPInstanceUID)!, d.GetUid(DicomTags.SeriesInstanceUID)!))
            .ToList();
    }
}
