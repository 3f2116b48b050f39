using System.Text;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// Issue 18: a study analysed without some of the method's sequences. The SR carries each limitation as a Comment in
/// Qualitative Evaluations (TID 1500 row 14) and is PARTIAL; each SEG's Series Description ends with the short note
/// within LO's 64 characters, and its Image Comments repeat the limitations. Both stay valid for dciodvfy.
/// </summary>
public sealed class PartialProtocolReportTests(ITestOutputHelper output) : IDisposable
{
    private static readonly OutputOptions Partial = new()
    {
        Notice = TestIdentity.DemoNotice,
        Limitations = ["DWI missing: no lymph-node assessment, N stage not assessed", "DWI missing: bone metastases from T1 in-phase only"],
        SeriesQualifier = "partial: no DWI, ADC",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("reporting-partial-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Report_OfAPartialProtocol_SaysWhatIsMissing_IsPartial_AndPassesDciodvfy()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source) with { Nodes = [] };
        var segs = new SegmentationWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator()).Write(findings, source, Partial);
        var study = new StudyFindings([findings], [new StudyMetastasis(1, findings.Metastases[0], null)], NStage: null, "M1b", new AnalysisThresholds());
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .Write(study, [source], segs.Select(s => s.Reference).ToList(), Partial);
        var path = Path.Combine(_folder, "sr-partial.dcm");
        report.Save(path);

        var verdict = await PeerTools.DciodvfyAsync(path);
        verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        var dump = await PeerTools.RunAsync("dsrdump", "+Pl", path);
        Assert.Equal(0, dump.ExitCode);
        Assert.Matches(@"Completion Flag\s+: PARTIAL", dump.Output);
        Assert.Contains("<contains TEXT:(,,\"Comment\")=\"DWI missing: no lymph-node assessment, N stage not assessed\">", dump.Output, StringComparison.Ordinal);
        Assert.Contains("<contains TEXT:(,,\"Comment\")=\"DWI missing: bone metastases from T1 in-phase only\">", dump.Output, StringComparison.Ordinal);
        Assert.Contains("=\"N stage not assessed (NX): no lymph-node assessment was made.\"", dump.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Node category finding", dump.Output, StringComparison.Ordinal);
        Assert.Equal("AI measurement report (partial: no DWI, ADC)", report.Dataset.GetString(DicomTags.SeriesDescription));
    }

    [Fact]
    public async Task Seg_OfAPartialProtocol_KeepsTheNoteWithin64Characters_AndPassesDciodvfy()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        source.Instance.SetString(DicomTags.SeriesDescription, "t1_vibe_dixon_tra_in_opp_W_F_with_a_long_site_specific_suffix_2mm");
        var segs = new SegmentationWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .Write(SyntheticSeries.Findings(source), source, Partial);
        Assert.Equal(2, segs.Count);
        foreach (var (seg, what) in segs.Zip(new[] { "bone", "lesion" }))
        {
            var path = Path.Combine(_folder, $"seg-partial-{what}.dcm");
            seg.File.Save(path);

            var description = seg.File.Dataset.GetString(DicomTags.SeriesDescription)!;
            Assert.True(Encoding.UTF8.GetByteCount(description) <= 64, description);
            Assert.StartsWith($"AI {what} segmentation of t1_vibe_dix", description, StringComparison.Ordinal);
            Assert.EndsWith("... (partial: no DWI, ADC)", description, StringComparison.Ordinal);
            var comments = seg.File.Dataset.GetString(DicomTags.ImageComments)!;
            Assert.StartsWith(TestIdentity.DemoNotice, comments, StringComparison.Ordinal);
            Assert.Contains("DWI missing: bone metastases from T1 in-phase only.", comments, StringComparison.Ordinal);
            var verdict = await PeerTools.DciodvfyAsync(path);
            verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
            Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        }
    }
}
