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
        var segs = Writer().Write(findings, source);
        Assert.Equal([SegmentationContent.Bones, SegmentationContent.Lesions], segs.Select(s => s.Content));
        foreach (var seg in segs)
        {
            var path = Path.Combine(_folder, $"odd-{seg.Content}.dcm");
            seg.File.Save(path);

            // 7 × 5 = 35 pixels: every frame after the first starts inside a byte.
            var frames = int.Parse(seg.File.Dataset.GetString(DicomTags.NumberOfFrames)!, System.Globalization.CultureInfo.InvariantCulture);
            var packed = ((frames * 35) + 7) / 8;
            Assert.Equal(packed + (packed % 2), seg.File.Dataset.GetBytes(DicomTags.PixelData).Length);

            var expected = Expected(seg.Reference);
            var result = await SegCheck.RunAsync(path, source, sourceFolder: null, expected);
            Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
            Assert.All(result.Segments.Values, s => Assert.Equal((1.0, 1.0), (s.Derivation, s.Position)));

            var verdict = await PeerTools.DciodvfyAsync(path);
            verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
            Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        }
    }

    [Fact]
    public void Seg_OrdersFramesBySegmentThenSlice_AndLeavesEmptyFramesOut()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var segs = Writer().Write(SyntheticSeries.Findings(source), source);

        // Bones: the ilium on slices 2–4, the sacrococcyx on 1–4. Lesions: the metastasis on slice 3, the node on 1–4.
        Assert.Equal([(1, 2), (1, 3), (1, 4), (2, 1), (2, 2), (2, 3), (2, 4)], Frames(segs[0]));
        Assert.Equal([(1, 3), (2, 1), (2, 2), (2, 3), (2, 4)], Frames(segs[1]));
    }

    /// <summary>Issue 19: a metastasis lies inside its bone; with both in one object viewers merged them and lost voxels.</summary>
    [Fact]
    public void Seg_AMetastasisInsideItsBone_GoesToTheLesionObject_AndNoObjectOverlaps()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source);
        Assert.Subset(findings.Bones[0].Region.Voxels.ToHashSet(), findings.Metastases[0].Region.Voxels.ToHashSet());

        var segs = Writer().Write(findings, source);

        Assert.All(segs, s => Assert.Equal("NO", s.File.Dataset.GetString(DicomTags.SegmentsOverlap)));
        Assert.Equal(["AI_BONES", "AI_LESIONS"], segs.Select(s => s.File.Dataset.GetString(DicomTags.ContentLabel)));
        Assert.Equal(
            ["AI bone segmentation of synthetic DWI", "AI lesion segmentation of synthetic DWI"],
            segs.Select(s => s.File.Dataset.GetString(DicomTags.SeriesDescription)));
        Assert.Equal((2, 0, 0), (segs[0].Reference.Bones.Count, segs[0].Reference.Metastases.Count, segs[0].Reference.Nodes.Count));
        Assert.Equal((0, 1, 1), (segs[1].Reference.Bones.Count, segs[1].Reference.Metastases.Count, segs[1].Reference.Nodes.Count));
        Assert.Equal([1007, 3007], segs.Select(s => int.Parse(s.File.Dataset.GetString(DicomTags.SeriesNumber)!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.NotEqual(segs[0].Reference.SeriesInstanceUid, segs[1].Reference.SeriesInstanceUid);
    }

    [Fact]
    public void Seg_ANodeSharingVoxelsWithAMetastasis_GoesToAThirdObject_WithEveryVoxelKept()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source);
        var g = source.Geometry;
        var touching = SyntheticSeries.Region(g, (i, j, k) => i <= 2 && j == 2 && k >= 2);
        var node = new LymphNodeFinding(2, touching, 0.1, 3.2, 7.4, false, (0, 0, 0), Side.Left);
        findings = findings with { Nodes = [.. findings.Nodes, node] };
        Assert.NotEmpty(touching.Voxels.Intersect(findings.Metastases[0].Region.Voxels));

        var first = Writer().Write(findings, source);
        var again = Writer().Write(findings, source);

        Assert.Equal([SegmentationContent.Bones, SegmentationContent.Lesions, SegmentationContent.Lesions], first.Select(s => s.Content));
        Assert.All(first, s => Assert.Equal("NO", s.File.Dataset.GetString(DicomTags.SegmentsOverlap)));
        Assert.Equal(node, Assert.Single(first[2].Reference.Nodes).Key);
        Assert.Equal("AI_LESIONS_2", first[2].File.Dataset.GetString(DicomTags.ContentLabel));
        Assert.Equal("AI lesion segmentation 2 of synthetic DWI", first[2].File.Dataset.GetString(DicomTags.SeriesDescription));
        Assert.Equal(touching.Voxels.Length, SegmentVoxelCount(first[2], 1));
        Assert.Equal(findings.Metastases[0].Region.Voxels.Length, SegmentVoxelCount(first[1], first[1].Reference.Metastases.Single().Value.Number));
        Assert.Equal(first.Select(s => s.Reference.SegmentCount), again.Select(s => s.Reference.SegmentCount));
        Assert.Equal(first.Select(s => s.File.Dataset.GetBytes(DicomTags.PixelData).ToArray()), again.Select(s => s.File.Dataset.GetBytes(DicomTags.PixelData).ToArray()));
    }

    [Fact]
    public void Seg_OfBonesOnly_IsOneObject()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source) with { Metastases = [], Nodes = [] };

        var seg = Assert.Single(Writer().Write(findings, source));

        Assert.Equal(SegmentationContent.Bones, seg.Content);
    }

    [Fact]
    public void Seg_LeftAndRightOfABone_HaveDistinctColours_OfOneHue()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var g = source.Geometry;
        var findings = SyntheticSeries.Findings(source) with
        {
            Bones =
            [
                new BoneFinding(Bone.Pubis, Side.Right, SyntheticSeries.Region(g, (i, j, k) => i < 3 && k == 0), 1),
                new BoneFinding(Bone.Pubis, Side.Left, SyntheticSeries.Region(g, (i, j, k) => i > 3 && k == 0), 1),
            ],
            Metastases = [],
        };

        var segments = Writer().Write(findings, source)[0].File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
        var right = segments[0].GetUInt16Array(DicomTags.RecommendedDisplayCIELabValue);
        var left = segments[1].GetUInt16Array(DicomTags.RecommendedDisplayCIELabValue);

        Assert.Equal(["Right pubis", "Left pubis"], segments.Select(s => s.GetString(DicomTags.SegmentLabel)));
        Assert.Equal((right[1], right[2]), (left[1], left[2]));
        Assert.Equal(20.0, (right[0] - left[0]) * 100.0 / 65535, 1);
    }

    [Fact]
    public void Seg_ANodeSegment_NamesItsSideAndVerdict_InLabelDescriptionAndTypeModifier()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var lesions = Writer().Write(SyntheticSeries.Findings(source), source)[1];
        var item = lesions.File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items[lesions.Reference.Nodes.Single().Value.Number - 1];

        Assert.Equal("Lymph node 1, left (suspicious)", item.GetString(DicomTags.SegmentLabel));
        var description = item.GetString(DicomTags.SegmentDescription)!;
        Assert.StartsWith("Lymph node, left of the midline, nearest bone the ", description, StringComparison.Ordinal);
        Assert.Contains("short axis 9.1 mm, long axis 14.2 mm", description, StringComparison.Ordinal);
        Assert.EndsWith("suspicious: short axis above 8 mm", description, StringComparison.Ordinal);
        var type = item.GetSequence(DicomTags.SegmentedPropertyTypeCodeSequence)!.Items[0];
        Assert.Equal("7771000", type.GetSequence(DicomTags.SegmentedPropertyTypeModifierCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
    }

    /// <summary>
    /// Issue 19 (OHIF showed 900 mm³ for a GE DWI segment of 3.71 cm³): Slice Thickness is the source's, Spacing
    /// Between Slices the distance of its positions — whatever the source's own Spacing Between Slices says (GE has
    /// written the gap there).
    /// </summary>
    [Fact]
    public void Seg_PixelMeasures_AreTheSourcesThickness_AndTheSpacingOfItsPositions()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        source.Instance.SetDecimalStrings(DicomTags.SpacingBetweenSlices, 0.2);
        var findings = SyntheticSeries.Findings(source);

        foreach (var seg in Writer().Write(findings, source))
        {
            var measures = seg.File.Dataset.GetSequence(DicomTags.SharedFunctionalGroupsSequence)!.Items[0].GetSequence(DicomTags.PixelMeasuresSequence)!.Items[0];
            Assert.Equal("3.5", measures.GetString(DicomTags.SliceThickness));
            Assert.Equal(3.7, double.Parse(measures.GetString(DicomTags.SpacingBetweenSlices)!, System.Globalization.CultureInfo.InvariantCulture), 6);
            Assert.Equal([1.1, 0.9], measures.GetStrings(DicomTags.PixelSpacing).Select(v => Math.Round(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture), 6)));
        }
    }

    [Fact]
    public void Write_SeriesWithoutFindings_WritesNoSeg()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = new SeriesFindings(Sequence.Dwi, source.SeriesInstanceUid, source.Geometry, [], [], []);
        Assert.Empty(Writer().Write(findings, source));
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
        var seg = Writer().Write(SyntheticSeries.Findings(accented), accented)[0];
        var path = Path.Combine(_folder, "utf8.dcm");
        seg.File.Save(path);
        var read = DicomFile.Open(path).Dataset;
        Assert.Equal("ISO_IR 192", read.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Müller^Zoë", read.GetString(DicomTags.PatientName));

        var plain = SyntheticSeries.Source(7, 5, 4);
        var ascii = Writer().Write(SyntheticSeries.Findings(plain), plain)[0];
        Assert.False(ascii.File.Dataset.Contains(DicomTags.SpecificCharacterSet));
    }

    [Fact]
    public async Task Report_WithNonAsciiText_IsUtf8_AndPassesDciodvfy()
    {
        var source = SyntheticSeries.Source(7, 5, 4, patientName: "Ødegård^Åse");
        var findings = SyntheticSeries.Findings(source);
        var segs = Writer().Write(findings, source);
        var study = new StudyFindings([findings], [new StudyMetastasis(1, findings.Metastases[0], null)], "N1", "M1b", new AnalysisThresholds());
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .Write(study, [source], segs.Select(s => s.Reference).ToList(), new OutputOptions { Notice = "Modèles de démonstration" });
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
        var segs = Writer().Write(findings, source);
        var study = new StudyFindings([findings], [new StudyMetastasis(1, findings.Metastases[0], null)], NStage: null, "M1b", new AnalysisThresholds());
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator()).Write(study, [source], segs.Select(s => s.Reference).ToList());
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

    /// <summary>Segment number and voxels of every finding a SEG object holds.</summary>
    internal static List<(int Number, int[] Voxels)> Expected(SegmentationReference reference) =>
        reference.Bones.Select(b => (b.Value.Number, b.Key.Region.Voxels))
            .Concat(reference.Metastases.Select(m => (m.Value.Number, m.Key.Region.Voxels)))
            .Concat(reference.Nodes.Select(n => (n.Value.Number, n.Key.Region.Voxels)))
            .OrderBy(e => e.Item1)
            .ToList();

    private static List<(int Segment, int Position)> Frames(WrittenSegmentation seg) =>
        seg.File.Dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items
            .Select(f => f.GetSequence(DicomTags.FrameContentSequence)!.Items[0].GetUInt32Array(DicomTags.DimensionIndexValues))
            .Select(v => ((int)v[0], (int)v[1]))
            .ToList();

    /// <summary>The set pixels of one segment, counted over its frames (bits packed LSB first, frames back to back).</summary>
    private static int SegmentVoxelCount(WrittenSegmentation seg, int segment)
    {
        var ds = seg.File.Dataset;
        var pixels = ds.GetUInt16(DicomTags.Rows) * ds.GetUInt16(DicomTags.Columns);
        var bits = ds.GetBytes(DicomTags.PixelData).ToArray();
        var count = 0;
        var frames = Frames(seg);
        for (var f = 0; f < frames.Count; f++)
        {
            if (frames[f].Segment != segment)
            {
                continue;
            }

            for (var p = f * pixels; p < (f + 1) * pixels; p++)
            {
                count += (bits[p / 8] >> (p % 8)) & 1;
            }
        }

        return count;
    }
}
