using DicomNode.Analysis;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.KeyImages;
using DicomNode.Reporting.Pdf;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// Issue 19, acceptance d: a bone metastasis and a lymph node just beside the midline on each side, and one pubis
/// label the model joined across the midline, fed as label volumes through the analysis into the SEG, SR, key image
/// and PDF writers.
/// The patient's midline (X = 7 mm) is not the grid's centre (X = −9 mm).
/// </summary>
public sealed class MidlineSidesReportTests(ITestOutputHelper output) : IDisposable
{
    private const double Mid = 7;
    private const string Left = "7771000";
    private const string Right = "24028007";

    private readonly string _folder = Directory.CreateTempSubdirectory("reporting-sides-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task LesionsAndNodesBesideTheMidline_HaveTheirSidesInSegAndSr_AndTheJoinedPubisIsSplit()
    {
        var g = new VolumeGeometry(100, 80, 40, [2, 0, 0, -108, 0, 2, 0, -80, 0, 0, 3, -40, 0, 0, 0, 1]);
        var (bones, metastases, nodes) = Labels(g);
        var source = SyntheticSeries.Source(g);
        var study = StudyAnalyzer.Analyze(
            [new SeriesLabels(Sequence.Dwi, source.SeriesInstanceUid, g, bones, metastases, nodes)], null, new AnalysisThresholds());
        Assert.Equal(2, study.Metastases.Count);
        Assert.Equal(2, study.Nodes.Count);

        var segs = new SegmentationWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator()).WriteAll(study, [source]);
        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator())
            .Write(study, [source], segs.Select(s => s.Reference).ToList());
        Assert.Equal([SegmentationContent.Bones, SegmentationContent.Lesions], segs.Select(s => s.Content));

        // The joined pubis: a right and a left segment, each wholly on its side of the midline.
        var boneItems = segs[0].File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
        foreach (var (bone, segment) in segs[0].Reference.Bones.Where(b => b.Key.Bone == Bone.Pubis))
        {
            var item = boneItems[segment.Number - 1];
            var right = bone.Side == Side.Right;
            Assert.Equal(right ? "Right pubis" : "Left pubis", item.GetString(DicomTags.SegmentLabel));
            Assert.Equal(right ? Right : Left, TypeModifier(item));
            Assert.All(bone.Region.Voxels, v => Assert.Equal(right, X(g, v) < Mid));
        }

        Assert.Equal([Side.Right, Side.Left], segs[0].Reference.Bones.Keys.Where(b => b.Bone == Bone.Pubis).Select(b => b.Side));

        // Metastases: the anatomic region's modifier and the description say the side the lesion's voxels lie on.
        var lesionItems = segs[1].File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
        foreach (var (metastasis, segment) in segs[1].Reference.Metastases)
        {
            var right = metastasis.Region.Voxels.All(v => X(g, v) < Mid);
            Assert.True(right || metastasis.Region.Voxels.All(v => X(g, v) > Mid));
            var item = lesionItems[segment.Number - 1];
            var region = item.GetSequence(DicomTags.AnatomicRegionSequence)!.Items[0];
            Assert.Equal("66040006", region.GetString(DicomTags.CodeValue));
            Assert.Equal(right ? Right : Left, region.GetSequence(DicomTags.AnatomicRegionModifierSequence)!.Items[0].GetString(DicomTags.CodeValue));
            Assert.StartsWith(right ? "In the right pubis" : "In the left pubis", item.GetString(DicomTags.SegmentDescription), StringComparison.Ordinal);
        }

        // Nodes: label, description and type modifier; the 10 mm right node is suspicious, the 8.0 mm left one is not.
        foreach (var (node, segment) in segs[1].Reference.Nodes)
        {
            var right = node.Region.Voxels.All(v => X(g, v) < Mid);
            var item = lesionItems[segment.Number - 1];
            Assert.Equal(right ? $"Lymph node {node.Number}, right (suspicious)" : $"Lymph node {node.Number}, left", item.GetString(DicomTags.SegmentLabel));
            Assert.StartsWith(right ? "Lymph node, right of the midline" : "Lymph node, left of the midline", item.GetString(DicomTags.SegmentDescription), StringComparison.Ordinal);
            Assert.Contains(right ? "short axis 10.0 mm" : "short axis 8.0 mm", item.GetString(DicomTags.SegmentDescription), StringComparison.Ordinal);
            Assert.Equal(right ? Right : Left, TypeModifier(item));
        }

        // SR: each metastasis group's finding site carries the laterality of its lesion's voxels.
        var groups = Groups(report.Dataset).ToList();
        var lesionGroups = groups.Where(g => g.TrackingId.StartsWith("Bone metastasis", StringComparison.Ordinal)).ToList();
        // Two groups per metastasis (TID 1411 with the segment, TID 1410 with the outline), each with the finding site.
        Assert.Equal(4, lesionGroups.Count);
        foreach (var group in lesionGroups)
        {
            var metastasis = study.Metastases.Single(m => group.TrackingId == $"Bone metastasis {m.Number}").Primary;
            Assert.Equal(metastasis.CentroidLps.X < Mid ? Right : Left, group.Laterality);
        }

        Assert.Equal(["24028007", "24028007", "7771000", "7771000"], lesionGroups.Select(l => l.Laterality).Order(StringComparer.Ordinal));

        // Nodes in the SR: two groups each, both with the finding site (pelvic lymph node) and the node's side.
        foreach (var node in study.Nodes)
        {
            var nodeGroups = groups.Where(g => g.TrackingId == $"Lymph node {node.Number}").ToList();
            Assert.Equal(2, nodeGroups.Count);
            Assert.All(nodeGroups, g => Assert.Equal(node.Side == Side.Right ? Right : Left, g.Laterality));
        }

        // Key images and the PDF report: each finding's picture is titled with its side, and the report's tables say it.
        var voxels = new float[g.VoxelCount];
        for (var v = 0; v < voxels.Length; v++)
        {
            voxels[v] = (bones[v] + metastases[v] + nodes[v]) * 100 + (v % 7);
        }

        var keyImages = new KeyImageWriter(TestIdentity.Node, new DicomUidGenerator())
            .WriteAll(study, [new KeyImageSource(source, new ImageVolume(g, voxels))], new OutputOptions { Notice = TestIdentity.DemoNotice });
        foreach (var metastasis in study.Metastases.Select(m => m.Primary))
        {
            var side = metastasis.CentroidLps.X < Mid ? "right" : "left";
            Assert.Contains(keyImages, k => k.Title.StartsWith($"Metastasis {metastasis.Number} · {side} pubis", StringComparison.Ordinal));
        }

        foreach (var node in study.Nodes.Where(n => n.Suspicious))
        {
            Assert.Contains(keyImages, k => k.Title.StartsWith($"Lymph node {node.Number} · {(node.Side == Side.Right ? "right" : "left")}", StringComparison.Ordinal));
        }

        var pdf = new EncapsulatedReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator()).Write(study, [source], keyImages);
        var document = ((DicomValueElement)pdf.Dataset[DicomTags.EncapsulatedDocument]!).Bytes.ToArray();
        var pdfPath = Path.Combine(_folder, "report.pdf");
        await File.WriteAllBytesAsync(pdfPath, document);
        var textPath = Path.Combine(_folder, "report.txt");
        Assert.Equal(0, (await PeerTools.RunAsync("pdftotext", "-enc", "UTF-8", "-layout", pdfPath, textPath)).ExitCode);
        var text = await File.ReadAllTextAsync(textPath);
        Assert.Contains("right pubis", text, StringComparison.Ordinal);
        Assert.Contains("left pubis", text, StringComparison.Ordinal);

        foreach (var seg in segs)
        {
            var path = Path.Combine(_folder, $"seg-{seg.Content}.dcm");
            seg.File.Save(path);
            var verdict = await PeerTools.DciodvfyAsync(path);
            verdict.Warnings.Distinct().ToList().ForEach(output.WriteLine);
            Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        }
    }

    /// <summary>The same label volumes as the analysis tests' MidlineSidesTests (see there).</summary>
    private static (byte[] Bones, byte[] Metastases, byte[] Nodes) Labels(VolumeGeometry g)
    {
        var bones = new byte[g.VoxelCount];
        var metastases = new byte[g.VoxelCount];
        var nodes = new byte[g.VoxelCount];
        Paint(bones, g, (x, y, z) => Math.Abs(x - Mid) < 12 && y is > 20 and < 60 && z is > 55 and < 75, (byte)Bone.LumbarVertebra);
        Paint(bones, g, (x, y, z) => Math.Abs(x - Mid) < 15 && y is > 30 and < 50 && z is > 15 and < 50, (byte)Bone.Sacrococcyx);
        Paint(bones, g, (x, y, z) => Math.Abs(x - Mid) < 80 && y is > -52 and < -40 && z is > -12 and < 3, (byte)Bone.Pubis);
        Paint(metastases, g, (x, y, z) => x - Mid is > -12 and < -4 && y is > -52 and < -40 && z is > -9 and < 0, 1);
        Paint(metastases, g, (x, y, z) => x - Mid is > 4 and < 12 && y is > -52 and < -40 && z is > -9 and < 0, 1);
        Paint(nodes, g, (x, y, z) => x - Mid is > -12 and < -2 && y is > -25 and < -15 && z is > 10 and < 40, 1);
        Paint(nodes, g, (x, y, z) => x - Mid is > 2 and < 10 && y is > -25 and < -17 && z is > 10 and < 40, 1);
        return (bones, metastases, nodes);
    }

    private static void Paint(byte[] volume, VolumeGeometry g, Func<double, double, double, bool> inside, byte value)
    {
        for (var v = 0; v < volume.Length; v++)
        {
            var (x, y, z) = g.ToPatient(v % g.Columns, v / g.Columns % g.Rows, v / (g.Columns * g.Rows));
            if (inside(x, y, z))
            {
                volume[v] = value;
            }
        }
    }

    private static double X(VolumeGeometry g, int v) => g.ToPatient(v % g.Columns, 0, 0).X;

    private static string? TypeModifier(DicomDataset segment) =>
        segment.GetSequence(DicomTags.SegmentedPropertyTypeCodeSequence)!.Items[0]
            .GetSequence(DicomTags.SegmentedPropertyTypeModifierCodeSequence)?.Items[0].GetString(DicomTags.CodeValue);

    /// <summary>Every measurement group of the SR content tree: its tracking identifier and its finding site's laterality.</summary>
    private static IEnumerable<(string TrackingId, string? Laterality)> Groups(DicomDataset node)
    {
        foreach (var item in node.GetSequence(DicomTags.ContentSequence)?.Items ?? [])
        {
            if (Concept(item) == "125007")
            {
                var children = item.GetSequence(DicomTags.ContentSequence)!.Items;
                var tracking = children.Single(c => Concept(c) == "112039").GetString(DicomTags.TextValue)!;
                var site = children.FirstOrDefault(c => Concept(c) == "363698007");
                var laterality = site?.GetSequence(DicomTags.ContentSequence)?.Items
                    .FirstOrDefault(c => Concept(c) == "272741003")?.GetSequence(DicomTags.ConceptCodeSequence)!.Items[0].GetString(DicomTags.CodeValue);
                yield return (tracking, laterality);
            }
            else
            {
                foreach (var group in Groups(item))
                {
                    yield return group;
                }
            }
        }
    }

    private static string? Concept(DicomDataset item) =>
        item.GetSequence(DicomTags.ConceptNameCodeSequence)?.Items[0].GetString(DicomTags.CodeValue);
}
