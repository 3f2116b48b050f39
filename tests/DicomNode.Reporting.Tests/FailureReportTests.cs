using DicomNode.Dicom;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.StructuredReport;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>The report that says the analysis did not run: valid, titled so viewers show it, PARTIAL, no measurements.</summary>
public sealed class FailureReportTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reporting-failure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FailureReport_PassesDciodvfy_AndSaysWhy(bool withEvidence)
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var evidence = withEvidence
            ? source.SliceInstanceUids.Select(uid => new InstanceReference(source.SeriesInstanceUid, source.SopClassUid, uid)).ToList()
            : null;
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .WriteFailure(source.Instance, "protocol incomplete (no ADC map)", evidence, new OutputOptions { Notice = TestIdentity.DemoNotice });
        var path = Path.Combine(_folder, $"failure-{withEvidence}.dcm");
        report.Save(path);

        var verdict = await PeerTools.DciodvfyAsync(path);
        output.WriteLine($"{verdict.Errors.Count} errors, {verdict.Warnings.Count} warnings");
        verdict.Warnings.Distinct().ToList().ForEach(w => output.WriteLine("  " + w));
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));

        var dump = await PeerTools.RunAsync("dsrdump", "+Pl", path);
        Assert.Equal(0, dump.ExitCode);
        output.WriteLine(dump.Output);
        Assert.Matches(@"Completion Flag\s+: PARTIAL", dump.Output);
        Assert.Contains("\"Imaging Measurement Report\"", dump.Output, StringComparison.Ordinal);
        Assert.Contains("=\"Analysis not performed: protocol incomplete (no ADC map)\"", dump.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Measurement Group", dump.Output, StringComparison.Ordinal);
        Assert.Equal(withEvidence, report.Dataset.Contains(DicomTags.CurrentRequestedProcedureEvidenceSequence));
        Assert.Equal(source.Instance.GetString(DicomTags.StudyInstanceUID), report.Dataset.GetString(DicomTags.StudyInstanceUID));
    }

    /// <summary>Issue 19: the PixelMed SR validator finds no error in the short report either (with its Image Library and evidence).</summary>
    [Fact]
    public async Task FailureReport_PassesThePixelMedValidator()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var evidence = source.SliceInstanceUids.Select(uid => new InstanceReference(source.SeriesInstanceUid, source.SopClassUid, uid)).ToList();
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .WriteFailure(source.Instance, "no usable sequence: no ADC map", evidence, new OutputOptions { Notice = TestIdentity.DemoNotice });
        var path = Path.Combine(_folder, "failure-pixelmed.dcm");
        report.Save(path);

        var verdict = await PeerTools.PixelMedSrAsync(path);
        verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
    }
}
