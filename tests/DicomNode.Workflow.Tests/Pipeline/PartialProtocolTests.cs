using System.Text.Json.Nodes;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// Issue 18: a study that lacks some of the method's sequences is analysed with those it has, and its SR, SEGs and
/// findings.json say what is missing and which stage could not be assessed. Runs the shipped demonstration models
/// (trained on synthetic phantoms, not for clinical use) on one GE-like phantom study with series left out.
/// </summary>
public sealed class PartialProtocolTests : IDisposable
{
    private const int Seed = 10002;

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-partial-").FullName;
    private readonly string _study;

    public PartialProtocolTests()
    {
        _study = PhantomGenerator.Generate(Seed, "ge", Path.Combine(_folder, "phantoms"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task DwiAndAdcWithoutT1InPhase_AreAnalysed_AndTheResultsSayMetastasesRestOnDwiOnly()
    {
        Run run = await RunAsync(SequenceKind.T1InPhase);

        Assert.Null(run.Result.FailureReason);
        Assert.Equal([SequenceKind.Dwi, SequenceKind.Adc], run.SegmentedSequences());
        Assert.NotNull(run.Result.Findings!.NStage);
        Assert.NotNull(run.Result.Findings.MStage);
        Assert.Equal(["T1IP"], run.MissingSequences());
        const string limitation = "T1 in-phase missing: bone metastases from DWI only";
        Assert.Contains(limitation, run.Limitations());
        Assert.Contains(limitation, run.SrComments());
        Assert.Equal("PARTIAL", run.Sr.GetString(DicomTags.CompletionFlag));
        Assert.All(run.Segs, seg => Assert.EndsWith("(partial: no T1IP)", seg.GetString(DicomTags.SeriesDescription), StringComparison.Ordinal));
        Assert.All(run.Segs, seg => Assert.Contains(limitation, seg.GetString(DicomTags.ImageComments), StringComparison.Ordinal));
        Assert.Contains("partial: no T1IP", run.Result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task T1InPhaseOnly_IsAnalysedForBonesAndMetastases_AndNStageIsNotAssessed()
    {
        Run run = await RunAsync(SequenceKind.Dwi, SequenceKind.Adc);

        Assert.Null(run.Result.FailureReason);
        Assert.Equal([SequenceKind.T1InPhase], run.SegmentedSequences());
        Assert.Null(run.Result.Findings!.NStage);
        Assert.NotNull(run.Result.Findings.MStage);
        Assert.Empty(run.Result.Findings.Nodes);
        Assert.Equal(["DWI", "ADC"], run.MissingSequences());
        Assert.Null(run.Json["nStage"]);
        Assert.Contains("DWI missing: no lymph-node assessment, N stage not assessed", run.Limitations());
        Assert.Contains("DWI missing: bone metastases from T1 in-phase only", run.Limitations());
        Assert.Contains("ADC map missing: no mean ADC of the bone metastases", run.Limitations());
        IReadOnlyList<string> comments = run.SrComments();
        Assert.Contains("DWI missing: no lymph-node assessment, N stage not assessed", comments);
        Assert.Contains("N stage not assessed (NX): no lymph-node assessment was made.", comments);
        Assert.DoesNotContain(run.SrItems(), t => t.Concept == "Node category finding");
        Assert.StartsWith("NX ", run.Result.Summary, StringComparison.Ordinal);
        Assert.All(run.Segs, seg => Assert.EndsWith("(partial: no DWI, ADC)", seg.GetString(DicomTags.SeriesDescription), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DwiOnly_AssessesNodesAndMetastasesFromDwi_WithoutMeanAdc()
    {
        Run run = await RunAsync(SequenceKind.Adc, SequenceKind.T1InPhase);

        Assert.Null(run.Result.FailureReason);
        Assert.Equal([SequenceKind.Dwi], run.SegmentedSequences());
        Assert.NotNull(run.Result.Findings!.NStage);
        Assert.NotNull(run.Result.Findings.MStage);
        Assert.All(run.Result.Findings.Series.SelectMany(s => s.Metastases), m => Assert.Null(m.MeanAdc));
        Assert.DoesNotContain(run.Result.Cascade!.Outputs, o => o.Sequence != SequenceKind.Dwi);
        Assert.Equal(["ADC", "T1IP"], run.MissingSequences());
        Assert.Contains("T1 in-phase missing: bone metastases from DWI only", run.SrComments());
        Assert.Contains("ADC map missing: no mean ADC of the bone metastases", run.SrComments());
        Assert.Contains(run.SrItems(), t => t.Concept == "Node category finding" && t.Value == run.Result.Findings.NStage + " category");
    }

    [Fact]
    public async Task AdcOnly_GetsItsBones_AndNeitherStageIsFabricated()
    {
        Run run = await RunAsync(SequenceKind.Dwi, SequenceKind.T1InPhase);

        Assert.Null(run.Result.FailureReason);
        Assert.Equal([SequenceKind.Adc], run.SegmentedSequences());
        Assert.Null(run.Result.Findings!.NStage);
        Assert.Null(run.Result.Findings.MStage);
        Assert.Empty(run.Result.Findings.Metastases);
        Assert.Contains("DWI and T1 in-phase missing: no bone-metastasis assessment, M stage not assessed", run.SrComments());
        Assert.Contains("M stage not assessed (MX): no bone-metastasis assessment was made.", run.SrComments());
        Assert.DoesNotContain(run.SrItems(), t => t.Concept is "Node category finding" or "Metastasis category finding");
        Assert.StartsWith("NX MX: ", run.Result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFullProtocol_IsReportedComplete_WithNothingMissing()
    {
        Run run = await RunAsync();

        Assert.Null(run.Result.FailureReason);
        Assert.Equal([SequenceKind.Dwi, SequenceKind.Adc, SequenceKind.T1InPhase], run.SegmentedSequences());
        Assert.Empty(run.MissingSequences());
        Assert.Empty(run.Limitations());
        Assert.Equal("COMPLETE", run.Sr.GetString(DicomTags.CompletionFlag));
        Assert.All(run.Segs, seg => Assert.DoesNotContain("partial", seg.GetString(DicomTags.SeriesDescription), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnexpectedErrorInsideTheAnalysis_EndsInTheFailureReport_WithAOneLineReason()
    {
        // A series whose pixel data no decoder here reads: the stacking throws what the decoder throws.
        PhantomStudies.EncapsulateAsJpeg2000(PhantomStudies.SeriesFolder(_study, SequenceKind.Dwi));

        Run run = await RunAsync();

        Assert.NotNull(run.Result.FailureReason);
        Assert.StartsWith("unexpected error (", run.Result.FailureReason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', run.Result.FailureReason);
        Assert.DoesNotContain(" at ", run.Result.FailureReason, StringComparison.Ordinal);
        string report = Assert.Single(run.Result.Files);
        Assert.Equal("sr-not-analysed.dcm", Path.GetFileName(report));
        Assert.Equal("failed", (string?)run.Json["status"]);
    }

    private async Task<Run> RunAsync(params SequenceKind[] removed)
    {
        var files = Directory.GetFiles(Path.Combine(_study, "dicom"), "*.dcm", SearchOption.AllDirectories)
            .Where(f => !removed.Any(r => f.StartsWith(PhantomStudies.SeriesFolder(_study, r) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .ToList();
        ModelManifest manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyPipeline(manifest, sessions, writer);
        string output = Path.Combine(_folder, "out", Guid.NewGuid().ToString("N"));
        StudyPipelineResult result = await pipeline.RunAsync(files, output);
        return new Run(result, JsonNode.Parse(File.ReadAllText(Path.Combine(output, FindingsFiles.FindingsFileName)))!.AsObject());
    }

    /// <summary>One pipeline run with its findings.json and the DICOM objects it wrote.</summary>
    private sealed record Run(StudyPipelineResult Result, JsonObject Json)
    {
        public IReadOnlyList<DicomDataset> Segs { get; } = Result.Files
            .Select(f => Part10Reader.ReadFile(f).Dataset).Where(d => d.GetString(DicomTags.Modality) == "SEG").ToList();

        public DicomDataset Sr => Result.Files.Select(f => Part10Reader.ReadFile(f).Dataset).Single(d => d.GetString(DicomTags.Modality) == "SR");

        /// <summary>The sequences of the series the SEGs were derived from, once each (a series has a bone and a lesion SEG).</summary>
        public IReadOnlyList<SequenceKind> SegmentedSequences()
        {
            var bySeries = Result.Findings!.Series.ToDictionary(s => s.SeriesInstanceUid, s => s.Sequence);
            return Segs
                .Select(seg => seg.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items[0].GetUid(DicomTags.SeriesInstanceUID)!)
                .Select(uid => bySeries[uid] switch
                {
                    Analysis.Findings.Sequence.Dwi => SequenceKind.Dwi,
                    Analysis.Findings.Sequence.Adc => SequenceKind.Adc,
                    _ => SequenceKind.T1InPhase,
                })
                .Distinct()
                .Order()
                .ToList();
        }

        public IReadOnlyList<string> MissingSequences() => Json["missingSequences"]!.AsArray().Select(n => (string)n!).ToList();

        public IReadOnlyList<string> Limitations() => Json["limitations"]!.AsArray().Select(n => (string)n!).ToList();

        public IReadOnlyList<string> SrComments() => SrTexts().Where(t => t.Concept == "Comment").Select(t => t.Value).ToList();

        /// <summary>The TEXT items of the SR's Qualitative Evaluations: concept meaning and value.</summary>
        public IReadOnlyList<(string Concept, string Value)> SrTexts()
        {
            DicomDataset evaluations = Sr.GetSequence(DicomTags.ContentSequence)!.Items
                .Single(i => Meaning(i) == "Qualitative Evaluations");
            return evaluations.GetSequence(DicomTags.ContentSequence)!.Items
                .Where(i => i.GetString(DicomTags.ValueType) == "TEXT")
                .Select(i => (Meaning(i) ?? string.Empty, i.GetString(DicomTags.TextValue)!))
                .ToList();
        }

        /// <summary>The TEXT and CODE items of the SR's Qualitative Evaluations: concept meaning and the text or the code's meaning.</summary>
        public IReadOnlyList<(string Concept, string Value)> SrItems()
        {
            DicomDataset evaluations = Sr.GetSequence(DicomTags.ContentSequence)!.Items
                .Single(i => Meaning(i) == "Qualitative Evaluations");
            return evaluations.GetSequence(DicomTags.ContentSequence)!.Items
                .Where(i => i.GetString(DicomTags.ValueType) is "TEXT" or "CODE")
                .Select(i => (Meaning(i) ?? string.Empty, i.GetString(DicomTags.TextValue)
                    ?? i.GetSequence(DicomTags.ConceptCodeSequence)!.Items[0].GetString(DicomTags.CodeMeaning)!))
                .ToList();
        }

        private static string? Meaning(DicomDataset item) =>
            item.GetSequence(DicomTags.ConceptNameCodeSequence)?.Items[0].GetString(DicomTags.CodeMeaning);
    }
}
