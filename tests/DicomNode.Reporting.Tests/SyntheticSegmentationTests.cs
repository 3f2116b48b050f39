using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>SEG and SR of small synthetic series: frame sizes that are not a multiple of 8, character sets, edge cases.</summary>
public sealed class SyntheticSegmentationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reporting-synthetic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Seg_WithFramesOf35Pixels_IsReadBackExactlyByPydicom_AndPassesDciodvfy()
    {
        var source = SyntheticSeries.Source(columns: 7, rows: 5, slices: 4);
        var findings = SyntheticSeries.Findings(source);
        var seg = Writer().Write(findings, source)!;
        var path = Path.Combine(_folder, "odd.dcm");
        seg.File.Save(path);

        // 7 × 5 = 35 pixels: every frame after the first starts inside a byte.
        var frames = int.Parse(seg.File.Dataset.GetString(DicomTags.NumberOfFrames)!, System.Globalization.CultureInfo.InvariantCulture);
        var packed = ((frames * 35) + 7) / 8;
        Assert.Equal(packed + (packed % 2), seg.File.Dataset.GetBytes(DicomTags.PixelData).Length);

        var expected = findings.Bones.Select(b => (seg.Reference.Bones[b].Number, b.Region.Voxels))
            .Concat(findings.Metastases.Select(m => (seg.Reference.Metastases[m].Number, m.Region.Voxels)))
            .Concat(findings.Nodes.Select(n => (seg.Reference.Nodes[n].Number, n.Region.Voxels)))
            .ToList();
        var result = await SegCheck.RunAsync(path, source, sourceFolder: null, expected);
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        Assert.All(result.Segments.Values, s => Assert.Equal((1.0, 1.0), (s.Derivation, s.Position)));

        var verdict = await PeerTools.DciodvfyAsync(path);
        verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
    }

    [Fact]
    public void Seg_OrdersFramesBySegmentThenSlice_AndLeavesEmptyFramesOut()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var seg = Writer().Write(SyntheticSeries.Findings(source), source)!;
        var frames = seg.File.Dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items
            .Select(f => f.GetSequence(DicomTags.FrameContentSequence)!.Items[0].GetUInt32Array(DicomTags.DimensionIndexValues))
            .Select(v => (Segment: (int)v[0], Position: (int)v[1]))
            .ToList();

        // Ilium on slices 2–4, sacrococcyx on 1–4, the metastasis on slice 3, the node on 1–4.
        (int, int)[] expected = [(1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3), (2, 4), (3, 3), (4, 1), (4, 2), (4, 3), (4, 4)];
        Assert.Equal(expected, frames);
        Assert.Equal("YES", seg.File.Dataset.GetString(DicomTags.SegmentsOverlap));
    }

    [Fact]
    public void Seg_WithoutOverlappingSegments_SaysNo()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source) with { Metastases = [] };
        var seg = Writer().Write(findings, source)!;
        Assert.Equal("NO", seg.File.Dataset.GetString(DicomTags.SegmentsOverlap));
    }

    [Fact]
    public void Write_SeriesWithoutFindings_WritesNoSeg()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = new SeriesFindings(Sequence.Dwi, source.SeriesInstanceUid, source.Geometry, [], [], []);
        Assert.Null(Writer().Write(findings, source));
    }

    [Fact]
    public void Write_FindingsOnAnotherGrid_AreRefused()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var other = SyntheticSeries.Source(8, 5, 4);
        var findings = SyntheticSeries.Findings(other) with { SeriesInstanceUid = source.SeriesInstanceUid };
        var error = Assert.Throws<ArgumentException>(() => Writer().Write(findings, source));
        Assert.Contains("pixel-aligned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seg_WithNonAsciiPatientName_IsUtf8_AndAsciiOnlyHasNoCharacterSet()
    {
        var accented = SyntheticSeries.Source(7, 5, 4, patientName: "Müller^Zoë");
        var seg = Writer().Write(SyntheticSeries.Findings(accented), accented)!;
        var path = Path.Combine(_folder, "utf8.dcm");
        seg.File.Save(path);
        var read = DicomFile.Open(path).Dataset;
        Assert.Equal("ISO_IR 192", read.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller^Zoë", read.GetString(DicomTags.PatientName));

        var plain = SyntheticSeries.Source(7, 5, 4);
        var ascii = Writer().Write(SyntheticSeries.Findings(plain), plain)!;
        Assert.False(ascii.File.Dataset.Contains(DicomTags.SpecificCharacterSet));
    }

    [Fact]
    public async Task Report_WithNonAsciiText_IsUtf8_AndPassesDciodvfy()
    {
        var source = SyntheticSeries.Source(7, 5, 4, patientName: "Ødegård^Åse");
        var findings = SyntheticSeries.Findings(source);
        var seg = Writer().Write(findings, source)!;
        var study = new StudyFindings([findings], [new StudyMetastasis(1, findings.Metastases[0], null)], "N1", "M1b", new AnalysisThresholds());
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .Write(study, [source], [seg.Reference], new OutputOptions { Notice = "Modèles de démonstration" });
        var path = Path.Combine(_folder, "sr-utf8.dcm");
        report.Save(path);

        Assert.Equal("ISO_IR 192", DicomFile.Open(path).Dataset.GetString(DicomTags.SpecificCharacterSet));
        var verdict = await PeerTools.DciodvfyAsync(path);
        verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        var dump = await PeerTools.RunAsync("dsrdump", "+U8", "+Pl", path);
        // The runner reads output as Latin-1; dsrdump +U8 wrote UTF-8.
        var text = System.Text.Encoding.UTF8.GetString(System.Text.Encoding.Latin1.GetBytes(dump.Output));
        Assert.Contains("Modèles de démonstration", text, StringComparison.Ordinal);
        Assert.Contains("Ødegård^Åse", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithAFindingThatHasNoSegment_IsRefused()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source);
        var study = new StudyFindings([findings], [], "N1", "M0", new AnalysisThresholds());
        var writer = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator());
        var error = Assert.Throws<ArgumentException>(() => writer.Write(study, [source], []));
        Assert.Contains("No SEG segment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_WithoutNodeModel_IsPartial()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source) with { Nodes = [] };
        var seg = Writer().Write(findings, source)!;
        var study = new StudyFindings([findings], [new StudyMetastasis(1, findings.Metastases[0], null)], NStage: null, "M1b", new AnalysisThresholds());
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator()).Write(study, [source], [seg.Reference]);
        Assert.Equal("PARTIAL", report.Dataset.GetString(DicomTags.CompletionFlag));
    }

    [Fact]
    public void Identity_WithAnEmptySerialNumber_IsRefused()
    {
        var identity = TestIdentity.Node with { DeviceSerialNumber = " " };
        var error = Assert.Throws<ArgumentException>(() => new SegmentationWriter(identity, TestIdentity.Algorithms, new DicomUidGenerator()));
        Assert.Contains("DeviceSerialNumber", error.Message, StringComparison.Ordinal);
    }

    private static SegmentationWriter Writer() => new(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator());
}
