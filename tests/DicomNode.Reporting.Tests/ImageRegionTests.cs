using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Imaging.Geometry;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// Issue 19 (3): every finding of the SR has an image region a viewer can draw and jump to — a TID 1410 group with the
/// finding's outline on its largest slice, SELECTED FROM that source image — beside its TID 1411 group with the segment.
/// </summary>
public sealed class ImageRegionTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reporting-region-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Outline_IsTheBoundaryOfTheLargestPart_OnTheSliceWithMostVoxels()
    {
        var g = new VolumeGeometry(10, 8, 3, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        // Slice 1: an L of five pixels, and one pixel touching it only at a corner; slice 0: two pixels.
        int[][] slice1 = [[2, 2], [3, 2], [4, 2], [2, 3], [2, 4], [3, 5]];
        int[][] slice0 = [[6, 6], [7, 6]];
        var region = new Region(g, slice0.Select(p => g.IndexOf(p[0], p[1], 0)).Concat(slice1.Select(p => g.IndexOf(p[0], p[1], 1))).Order().ToArray());

        var outline = RegionOutline.Of(region)!;

        Assert.Equal(1, outline.Slice);
        Assert.Equal(6, outline.PixelCount);
        Assert.Equal(outline.Points[0], outline.Points[^2]);
        Assert.Equal(outline.Points[1], outline.Points[^1]);
        var inside = Rasterise(outline.Points, g.Columns, g.Rows);
        Assert.Equal(new HashSet<(int, int)> { (2, 2), (3, 2), (4, 2), (2, 3), (2, 4) }, inside);
        // Only the L's six corners, no point in the middle of a straight edge.
        Assert.Equal(7, outline.Points.Length / 2);
    }

    [Fact]
    public async Task Report_GivesEachFindingATid1410GroupWithItsOutline_SelectedFromItsSlice()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source);
        var (report, path) = Write(source, findings);
        await AssertValidAsync(path);

        var groups = Groups(report);
        var expected = findings.Bones.Select(b => b.Region).Concat(findings.Metastases.Select(m => m.Region)).Concat(findings.Nodes.Select(n => n.Region)).ToList();
        // Two groups per finding, paired by Tracking Unique Identifier: one with the segment, one with the region.
        Assert.Equal(2 * expected.Count, groups.Count);
        var byUid = groups.GroupBy(g => Item(g, "112040").GetString(DicomTags.UID)).ToList();
        Assert.Equal(expected.Count, byUid.Count);
        var regions = new List<Region>();
        foreach (var pair in byUid)
        {
            Assert.Equal(2, pair.Count());
            Assert.Single(pair, g => Items(g).Any(i => Concept(i) == "121191"));
            var planar = pair.Single(g => Items(g).Any(i => i.GetString(DicomTags.ValueType) == "SCOORD"));
            Assert.DoesNotContain(Items(planar), i => Concept(i) == "121191");
            Assert.Equal(Item(pair.First(), "112039").GetString(DicomTags.TextValue), Item(planar, "112039").GetString(DicomTags.TextValue));

            var scoord = Item(planar, "111030");
            Assert.Equal("CONTAINS", scoord.GetString(DicomTags.RelationshipType));
            Assert.Equal("POLYLINE", scoord.GetString(DicomTags.GraphicType));
            var points = scoord.GetSingleArray(DicomTags.GraphicData);
            var selected = scoord.GetSequence(DicomTags.ContentSequence)!.Items.Single();
            Assert.Equal("SELECTED FROM", selected.GetString(DicomTags.RelationshipType));
            Assert.Equal("IMAGE", selected.GetString(DicomTags.ValueType));
            var reference = selected.GetSequence(DicomTags.ReferencedSOPSequence)!.Items.Single();
            Assert.Equal(source.SopClassUid, reference.GetString(DicomTags.ReferencedSOPClassUID));
            var k = source.SliceInstanceUids.ToList().IndexOf(reference.GetString(DicomTags.ReferencedSOPInstanceUID)!);

            // The region the outline belongs to: the one whose pixels on slice k the outline encloses, and only those.
            var drawn = Rasterise(points, source.Geometry.Columns, source.Geometry.Rows);
            var region = expected.Single(r => drawn.SetEquals(PixelsOn(r, k)));
            regions.Add(region);
            var mostVoxels = region.Voxels.GroupBy(v => v / (source.Geometry.Columns * source.Geometry.Rows)).Max(s => s.Count());
            Assert.Equal(mostVoxels, PixelsOn(region, k).Count);
        }

        Assert.Equal(expected.Count, regions.Distinct().Count());
        output.WriteLine($"{byUid.Count} findings, each with an outline on its largest slice");
    }

    [Fact]
    public void Groups_ListMetastasesThenNodesThenBones()
    {
        // OHIF's SR viewport opens a report on its first measurement: that should be a finding that matters.
        var source = SyntheticSeries.Source(7, 5, 4);
        var findings = SyntheticSeries.Findings(source);
        var (report, _) = Write(source, findings);

        var kinds = Groups(report).Select(g => Item(g, "121071").GetSequence(DicomTags.ConceptCodeSequence)!.Items[0].GetString(DicomTags.CodeMeaning)).ToList();
        var order = kinds.Select(k => k switch { "Neoplasm, Secondary" => 0, "Lymph node" => 1, _ => 2 }).ToList();
        Assert.Equal(order.Order(), order);
        Assert.Equal(0, order[0]);
        Assert.Contains(1, order);
        Assert.Equal(2, order[^1]);
    }

    [Fact]
    public async Task Region_OfAMultiFrameSource_NamesTheFrame()
    {
        var single = SyntheticSeries.Source(7, 5, 4);
        var image = single.SliceInstanceUids[0];
        var source = single with { SopClassUid = "1.2.840.10008.5.1.4.1.1.4.1", SliceInstanceUids = [image, image, image, image] };
        source = source with { SliceFrameNumbers = [3, 4, 1, 2] };
        source.Instance.SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4.1");
        var findings = SyntheticSeries.Findings(source);
        var (report, path) = Write(source, findings);
        await AssertValidAsync(path);

        // The metastasis lies on slice k = 2 only: frame 1 of the enhanced image (not k or k + 1).
        var metastasis = Groups(report).Single(g => Items(g).Any(i => i.GetString(DicomTags.ValueType) == "SCOORD") && Item(g, "112039").GetString(DicomTags.TextValue) == "Bone metastasis 1");
        var reference = Item(metastasis, "111030").GetSequence(DicomTags.ContentSequence)!.Items.Single().GetSequence(DicomTags.ReferencedSOPSequence)!.Items.Single();
        Assert.Equal(image, reference.GetString(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal("1", reference.GetString(DicomTags.ReferencedFrameNumber));
    }

    [Fact]
    public async Task Region_OfASeriesHoldingOtherImages_IsSelectedFromTheSeriesOfTheSameGrid()
    {
        // A DWI series with other b-values beside the stacked volume, and the ADC map on its grid (OHIF opens the DWI
        // as a dynamic volume, and its SR viewport stops responding on a region selected from one).
        var dwi = SyntheticSeries.Source(7, 5, 4) with { HoldsOtherImages = true };
        var adc = SameStudy(SyntheticSeries.Source(dwi.Geometry), dwi);
        var elsewhere = SameStudy(SyntheticSeries.Source(7, 5, 3), dwi);
        var findings = SyntheticSeries.Findings(dwi);

        foreach (var (sources, expected) in new[] { (new[] { dwi, adc }, adc), (new[] { dwi, elsewhere }, dwi), (new[] { dwi with { HoldsOtherImages = false }, adc }, dwi) })
        {
            var (report, path) = Write(findings, sources);
            await AssertValidAsync(path);

            var groups = Groups(report);
            var planar = groups.Where(g => Items(g).Any(i => i.GetString(DicomTags.ValueType) == "SCOORD")).ToList();
            Assert.Equal(groups.Count / 2, planar.Count);
            foreach (var group in planar)
            {
                var reference = Item(group, "111030").GetSequence(DicomTags.ContentSequence)!.Items.Single().GetSequence(DicomTags.ReferencedSOPSequence)!.Items.Single();
                var k = expected.SliceInstanceUids.ToList().IndexOf(reference.GetString(DicomTags.ReferencedSOPInstanceUID)!);
                Assert.True(k >= 0, $"the region of {Item(group, "112039").GetString(DicomTags.TextValue)} is not on series {expected.Instance.GetString(DicomTags.SeriesDescription)}");
                // The same slice of the same grid: the outline encloses the finding's pixels on slice k there.
                var drawn = Rasterise(Item(group, "111030").GetSingleArray(DicomTags.GraphicData), dwi.Geometry.Columns, dwi.Geometry.Rows);
                Assert.Contains(findings.Bones.Select(b => b.Region).Concat(findings.Metastases.Select(m => m.Region)).Concat(findings.Nodes.Select(n => n.Region)), r => drawn.SetEquals(PixelsOn(r, k)));
            }

            // The segment groups still name the DWI as the segmentation's source.
            Assert.All(groups.Where(g => Items(g).Any(i => Concept(i) == "121232")), g => Assert.Equal(dwi.SeriesInstanceUid, Item(g, "121232").GetString(DicomTags.UID)));
        }

        output.WriteLine("regions on the ADC map when the DWI series holds other images and the ADC shares its grid; on the DWI otherwise");
    }

    /// <summary><paramref name="series"/> made part of <paramref name="of"/>'s study and frame of reference, as a series named ADC.</summary>
    private static SourceSeries SameStudy(SourceSeries series, SourceSeries of)
    {
        series.Instance.SetUid(DicomTags.StudyInstanceUID, of.Instance.GetUid(DicomTags.StudyInstanceUID)!);
        series.Instance.SetUid(DicomTags.FrameOfReferenceUID, of.FrameOfReferenceUid);
        series.Instance.SetString(DicomTags.SeriesDescription, "synthetic ADC");
        return series with { FrameOfReferenceUid = of.FrameOfReferenceUid };
    }

    private (DicomFile Report, string Path) Write(SourceSeries source, SeriesFindings findings) => Write(findings, [source]);

    private (DicomFile Report, string Path) Write(SeriesFindings findings, IReadOnlyList<SourceSeries> sources)
    {
        var source = sources[0];
        var uids = new DicomUidGenerator();
        var segs = new SegmentationWriter(TestIdentity.Node, TestIdentity.Algorithms, uids).Write(findings, source, new OutputOptions());
        var study = new StudyFindings([findings], [new StudyMetastasis(1, findings.Metastases[0], null)], "N1", "M1b", new AnalysisThresholds());
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, uids)
            .Write(study, sources, segs.Select(s => s.Reference).ToList(), new OutputOptions { Notice = TestIdentity.DemoNotice });
        var path = Path.Combine(_folder, $"sr-{Guid.NewGuid():N}.dcm");
        report.Save(path);
        return (report, path);
    }

    private async Task AssertValidAsync(string path)
    {
        var verdict = await PeerTools.DciodvfyAsync(path);
        verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
        Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
    }

    /// <summary>The pixels whose centres lie inside the closed polyline (even-odd rule).</summary>
    internal static HashSet<(int I, int J)> Rasterise(float[] points, int columns, int rows)
    {
        var inside = new HashSet<(int, int)>();
        var n = points.Length / 2;
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < columns; i++)
            {
                double x = i + 0.5, y = j + 0.5;
                var odd = false;
                for (int a = 0, b = n - 1; a < n; b = a++)
                {
                    double xa = points[2 * a], ya = points[(2 * a) + 1], xb = points[2 * b], yb = points[(2 * b) + 1];
                    if ((ya > y) != (yb > y) && x < ((xb - xa) * (y - ya) / (yb - ya)) + xa)
                    {
                        odd = !odd;
                    }
                }

                if (odd)
                {
                    inside.Add((i, j));
                }
            }
        }

        return inside;
    }

    private static HashSet<(int I, int J)> PixelsOn(Region region, int k)
    {
        var g = region.Geometry;
        var perSlice = g.Columns * g.Rows;
        return region.Voxels.Where(v => v / perSlice == k).Select(v => (v % perSlice % g.Columns, v % perSlice / g.Columns)).ToHashSet();
    }

    internal static List<DicomDataset> Groups(DicomFile report) =>
        Items(report.Dataset).Single(i => Concept(i) == "126010").GetSequence(DicomTags.ContentSequence)!.Items.ToList();

    private static IReadOnlyList<DicomDataset> Items(DicomDataset item) => item.GetSequence(DicomTags.ContentSequence)?.Items ?? [];

    private static DicomDataset Item(DicomDataset item, string code) => Items(item).Single(i => Concept(i) == code);

    private static string? Concept(DicomDataset item) =>
        item.GetSequence(DicomTags.ConceptNameCodeSequence)?.Items[0].GetString(DicomTags.CodeValue);
}
