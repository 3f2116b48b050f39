using DicomNode.Analysis.Findings;
using System.Globalization;
using DicomNode.Dicom;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>The TID 1500 SR of phantom studies of every vendor profile, judged by dciodvfy and rendered by dsrdump.</summary>
[Collection(PhantomReportsCollection.Name)]
public sealed class MeasurementReportPhantomTests(PhantomReports reports, ITestOutputHelper output)
{
    public static TheoryData<string> Profiles => PhantomReports.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Dciodvfy_FindsNoError_InTheReport(string profile)
    {
        var verdict = await PeerTools.DciodvfyAsync(reports.Cases[profile].ReportPath);
        output.WriteLine($"{profile} sr.dcm: {verdict.Errors.Count} errors, {verdict.Warnings.Count} warnings");
        foreach (var warning in verdict.Warnings.Distinct())
        {
            output.WriteLine("  " + warning);
        }

        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
    }

    /// <summary>Issue 19: the PixelMed SR validator checks the template tree (TID 1500, 1410, 1411, 4019) and finds no error.</summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task PixelMedValidator_FindsNoError_InTheReport(string profile)
    {
        var verdict = await PeerTools.PixelMedSrAsync(reports.Cases[profile].ReportPath);
        output.WriteLine($"{profile} sr.dcm: {verdict.Errors.Count} errors, {verdict.Warnings.Count} warnings");
        // The warnings by kind: the last item of the path and the message (e.g. TID 4019 in a group, which PixelMed's
        // 2022 templates do not have yet: "Content Item not in template").
        foreach (var warning in verdict.Warnings.Select(w => w[(w.LastIndexOf('/') + 1)..]).Distinct())
        {
            output.WriteLine("  " + warning);
        }

        Assert.Contains("Found Root Template TID_1500 (MeasurementReport)", verdict.Output, StringComparison.Ordinal);
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Dsrdump_ShowsTheStagingCountsAndMeasurements(string profile)
    {
        var study = reports.Cases[profile];
        var result = await PeerTools.RunAsync("dsrdump", "+Pl", study.ReportPath);
        Assert.Equal(0, result.ExitCode);
        var text = result.Output;
        Assert.DoesNotContain("E: ", text, StringComparison.Ordinal);
        Assert.Contains("Enhanced SR Document", text, StringComparison.Ordinal);
        Assert.Matches(@"Completion Flag\s+: COMPLETE", text);
        Assert.Matches(@"Verification Flag\s+: UNVERIFIED", text);
        Assert.Contains("<CONTAINER:(,,\"Imaging Measurement Report\")=SEPARATE>", text, StringComparison.Ordinal);
        Assert.Contains("<has obs context CODE:(,,\"Observer Type\")=(121007,DCM,\"Device\")>", text, StringComparison.Ordinal);
        Assert.Contains($"<has obs context UIDREF:(,,\"Device Observer UID\")=\"{TestIdentity.Node.DeviceObserverUid}\">", text, StringComparison.Ordinal);
        Assert.Contains("<has concept mod CODE:(,,\"Procedure reported\")=(126020,DCM,\"Multiparametric MRI\")>", text, StringComparison.Ordinal);
        // Issue 19: N and M categories are codes a PACS or a registry can query.
        var n = study.Study.NStage == "N1" ? "(53623008,SCT,\"N1 category\")" : "(62455006,SCT,\"N0 category\")";
        var m = study.Study.MStage == "M1b" ? "(DN0004,99DICOMNODE,\"M1b category\")" : "(30893008,SCT,\"M0 category\")";
        Assert.Contains($"<contains CODE:(,,\"Node category finding\")={n}>", text, StringComparison.Ordinal);
        Assert.Contains($"<contains CODE:(,,\"Metastasis category finding\")={m}>", text, StringComparison.Ordinal);
        Assert.Contains($"<contains TEXT:(,,\"Number of lesions\")=\"{study.Study.Metastases.Count}\">", text, StringComparison.Ordinal);
        Assert.Contains($"<contains TEXT:(,,\"Number of suspicious lymph nodes\")=\"{study.Study.SuspiciousNodeCount}\">", text, StringComparison.Ordinal);
        Assert.Contains($"=\"{TestIdentity.DemoNotice}\"", text, StringComparison.Ordinal);

        var metastasis = study.Study.Metastases[0];
        Assert.Contains($"<has obs context TEXT:(,,\"Tracking Identifier\")=\"Bone metastasis 1\">", text, StringComparison.Ordinal);
        Assert.Contains(Num("Volume", metastasis.Primary.VolumeCm3, 3, "cm3"), text, StringComparison.Ordinal);
        // Mean ADC (from the DWI finding when the lesion is measured on T1 in-phase), coded as the mean of ADC in µm²/s.
        var withAdc = study.Study.Metastases.First(m => (m.Primary.MeanAdc ?? m.OnDwi?.MeanAdc) is not null);
        Assert.Contains(Num("Apparent Diffusion Coefficient", (withAdc.Primary.MeanAdc ?? withAdc.OnDwi!.MeanAdc)!.Value, 1, "um2/s"), text, StringComparison.Ordinal);
        Assert.Contains("<has concept mod CODE:(,,\"Derivation\")=(373098007,SCT,\"Mean\")>", text, StringComparison.Ordinal);

        var node = study.Study.LargestNode!;
        Assert.Contains(Num("Short axis", node.ShortAxisMm, 1, "mm"), text, StringComparison.Ordinal);
        Assert.Contains(Num("Long axis", node.LongAxisMm, 1, "mm"), text, StringComparison.Ordinal);
        Assert.Contains(
            string.Create(CultureInfo.InvariantCulture, $"=\"Lymph node {node.Number}: short axis {node.ShortAxisMm:0.0} mm, volume {node.VolumeCm3:0.0##} cm3\""),
            text,
            StringComparison.Ordinal);
        var bone = study.Study.Series[0].Bones[0];
        Assert.Contains(Num("Volume", bone.VolumeCm3, 3, "cm3"), text, StringComparison.Ordinal);
        Assert.Contains("<contains IMAGE:(,,\"Referenced Segment\")=(SG image,", text, StringComparison.Ordinal);
        // Each metastasis group names the model of the series it was measured on; the staging's algorithm identification
        // names every model with its version as a parameter.
        var compact = text.Replace("(,,\"", "(", StringComparison.Ordinal);
        foreach (var sequence in study.Study.Metastases.Select(m => m.Primary == m.OnT1InPhase ? Sequence.T1InPhase : Sequence.Dwi).Distinct())
        {
            Assert.Contains($"(Algorithm Name\")=\"{TestIdentity.Algorithms.MetastasesOn(sequence).Name}\"", compact, StringComparison.Ordinal);
        }

        Assert.Contains("(Algorithm Name\")=\"DicomNode staging\"", compact, StringComparison.Ordinal);
        Assert.Contains("(Algorithm Parameters\")=\"pelvic-bone-metastases 0.0.0\"", compact, StringComparison.Ordinal);
        Assert.Contains("(Algorithm Parameters\")=\"pelvic-bone-metastases-t1 0.0.0\"", compact, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Report_HasOneMeasurementGroupPerFinding_EachReferencingItsSegment(string profile)
    {
        var study = reports.Cases[profile];
        var root = study.Report.Dataset;
        var measurements = Child(root, "126010");
        var all = measurements.GetSequence(DicomTags.ContentSequence)!.Items;
        var expected = study.Study.Series.Sum(s => s.Bones.Count) + study.Study.Metastases.Count + study.Study.Nodes.Count;
        // Each finding: a TID 1411 group with its segment and a TID 1410 group with its outline (ImageRegionTests).
        Assert.Equal(2 * expected, all.Count);
        var groups = all.Where(g => g.GetSequence(DicomTags.ContentSequence)!.Items.Any(i => Concept(i) == "121191")).ToList();
        Assert.Equal(expected, groups.Count);

        var segs = study.Segmentations.ToDictionary(s => s.Reference.SopInstanceUid, s => s.Reference);
        foreach (var group in groups)
        {
            Assert.Equal("125007", Concept(group));
            var items = group.GetSequence(DicomTags.ContentSequence)!.Items;
            var trackingUid = items.Single(i => Concept(i) == "112040").GetString(DicomTags.UID);
            var image = items.Single(i => Concept(i) == "121191");
            var reference = image.GetSequence(DicomTags.ReferencedSOPSequence)!.Items.Single();
            Assert.Equal("1.2.840.10008.5.1.4.1.1.66.4", reference.GetString(DicomTags.ReferencedSOPClassUID));
            var seg = segs[reference.GetString(DicomTags.ReferencedSOPInstanceUID)!];
            var number = reference.GetUInt16(DicomTags.ReferencedSegmentNumber);
            var segment = seg.Bones.Values.Concat(seg.Metastases.Values).Concat(seg.Nodes.Values).Single(s => s.Number == number);
            Assert.Equal(segment.TrackingUid, trackingUid);
            Assert.Equal(seg.SourceSeriesInstanceUid, items.Single(i => Concept(i) == "121232").GetString(DicomTags.UID));
        }

        var evidence = root.GetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence)!.Items.Single();
        var evidenceSeries = evidence.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items.Select(s => s.GetString(DicomTags.SeriesInstanceUID)).ToList();
        Assert.Equal(3 + study.Segmentations.Count, evidenceSeries.Count);
        Assert.Empty(root.GetSequence(DicomTags.ReferencedPerformedProcedureStepSequence)!.Items);
        Assert.Empty(root.GetSequence(DicomTags.PerformedProcedureCodeSequence)!.Items);
        Assert.Equal(study.Series[0].Source.Instance.GetString(DicomTags.StudyInstanceUID), root.GetString(DicomTags.StudyInstanceUID));
    }

    private static string Num(string concept, double value, int decimals, string unit) =>
        $"<contains NUM:(,,\"{concept}\")=\"{Math.Round(value, decimals).ToString("R", CultureInfo.InvariantCulture)}\" ({unit},UCUM,";

    private static DicomDataset Child(DicomDataset item, string code) =>
        item.GetSequence(DicomTags.ContentSequence)!.Items.Single(i => Concept(i) == code);

    private static string? Concept(DicomDataset item) =>
        item.GetSequence(DicomTags.ConceptNameCodeSequence)?.Items[0].GetString(DicomTags.CodeValue);
}
