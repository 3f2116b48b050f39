using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom.Tests;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Pipeline;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// Issue 19, point 6: one result per study in the PACS. A re-analysis of the study (a newer job) writes into the same
/// result series with a higher Instance Number, and its SR names the report it replaces; no report carries the
/// selection rules' patterns.
/// </summary>
public sealed class ResultLineageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-lineage-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Issue19_AReanalysis_JoinsTheReportSeries_AndNamesTheReportItReplaces()
    {
        var request = Request();
        var jobs = Path.Combine(_folder, "jobs");

        var first = await AnalyseAsync(request with { JobId = 7, OutputFolder = Path.Combine(jobs, "7") });
        // A job of another study in between: not this study's report.
        var other = Request();
        await AnalyseAsync(other with { JobId = 8, OutputFolder = Path.Combine(jobs, "8") });
        var second = await AnalyseAsync(request with { JobId = 9, OutputFolder = Path.Combine(jobs, "9") });

        Assert.Equal(first.GetUid(DicomTags.SeriesInstanceUID), second.GetUid(DicomTags.SeriesInstanceUID));
        Assert.NotEqual(first.GetUid(DicomTags.SOPInstanceUID), second.GetUid(DicomTags.SOPInstanceUID));
        // Instance Number is the job's: the later analysis of the study has the higher one.
        Assert.Equal("7", first.GetString(DicomTags.InstanceNumber));
        Assert.Equal("9", second.GetString(DicomTags.InstanceNumber));
        Assert.Null(first.GetSequence(DicomTags.PredecessorDocumentsSequence));

        var study = Assert.Single(second.GetSequence(DicomTags.PredecessorDocumentsSequence)!.Items);
        Assert.Equal(request.StudyInstanceUid, study.GetUid(DicomTags.StudyInstanceUID));
        var series = Assert.Single(study.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items);
        Assert.Equal(first.GetUid(DicomTags.SeriesInstanceUID), series.GetUid(DicomTags.SeriesInstanceUID));
        var instance = Assert.Single(series.GetSequence(DicomTags.ReferencedSOPSequence)!.Items);
        Assert.Equal(first.GetUid(DicomTags.SOPInstanceUID), instance.GetUid(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal(first.GetUid(DicomTags.SOPClassUID), instance.GetUid(DicomTags.ReferencedSOPClassUID));

        var path = Path.Combine(jobs, "9", "sr-not-analysed.dcm");
        var run = await ExternalTool.RunAsync("dciodvfy", path);
        var errors = run.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Issue19_TheReportOfAStudyWithoutUsableSeries_SaysWhatIsMissing_WithoutTheSelectionPatterns()
    {
        var request = Request();

        var report = await AnalyseAsync(request with { JobId = 3, OutputFolder = Path.Combine(_folder, "jobs", "3") });

        var comment = report.GetSequence(DicomTags.ContentSequence)!.Items
            .Single(i => i.GetSequence(DicomTags.ConceptNameCodeSequence)!.Items[0].GetString(DicomTags.CodeValue) == "C0034375")
            .GetSequence(DicomTags.ContentSequence)!.Items[0].GetString(DicomTags.TextValue)!;
        Assert.StartsWith("Analysis not performed: no usable sequence: ", comment, StringComparison.Ordinal);
        Assert.Contains("no ADC map", comment, StringComparison.Ordinal);
        Assert.Contains("no T1 Dixon in-phase series", comment, StringComparison.Ordinal);
        // The default rules' description patterns ('adc', 'apparent[ _-]?diff', ...) stay in the log and in analyze.
        Assert.DoesNotContain("looked for", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("matching", comment, StringComparison.Ordinal);
        Assert.DoesNotContain('\'', comment);
        Assert.DoesNotContain('[', comment);
        Assert.DoesNotContain('?', comment);
    }

    private AnalysisRequest Request()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var path = Path.Combine(_folder, $"input-{sop}.dcm");
        var dataset = TestInstances.Dataset(study, series, sop).SetString(DicomTags.PatientID, "P-1");
        TestInstances.WriteFile(path, dataset);
        return new AnalysisRequest(0, study, "MODALITY", [new AnalysisSeries(series, "MR", [new AnalysisInstance(sop, TestInstances.MrImageStorage, path)])], string.Empty);
    }

    /// <summary>Runs the node's job pipeline on <paramref name="request"/> and returns the SR it wrote.</summary>
    private static async Task<DicomDataset> AnalyseAsync(AnalysisRequest request)
    {
        var manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyAnalysisPipeline(new StudyPipeline(manifest, sessions, writer));
        Directory.CreateDirectory(request.OutputFolder);
        var outcome = await pipeline.AnalyzeAsync(request, CancellationToken.None);
        return outcome.FilesToSend.Select(f => Part10Reader.ReadFile(f).Dataset).Single(d => d.GetString(DicomTags.Modality) == "SR");
    }
}
