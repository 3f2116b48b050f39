using System.Text.Json;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>SEGs of phantom studies of every vendor profile, judged by dciodvfy, dcmdump and pydicom.</summary>
[Collection(PhantomReportsCollection.Name)]
public sealed class SegmentationPhantomTests(PhantomReports reports, ITestOutputHelper output)
{
    public static TheoryData<string> Profiles => PhantomReports.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Dciodvfy_FindsNoError_InAnySeg(string profile)
    {
        var study = reports.Cases[profile];
        Assert.Equal(3, study.SegmentationPaths.Count);
        foreach (var path in study.SegmentationPaths)
        {
            var verdict = await PeerTools.DciodvfyAsync(path);
            output.WriteLine($"{profile} {Path.GetFileName(path)}: {verdict.Errors.Count} errors, {verdict.Warnings.Count} warnings");
            foreach (var warning in verdict.Warnings.Distinct())
            {
                output.WriteLine("  " + warning);
            }

            Assert.True(verdict.Errors.Count == 0, string.Join("\n", verdict.Errors));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Dcmdump_ReadsEverySeg(string profile)
    {
        foreach (var (seg, path) in reports.Cases[profile].Segmentations.Zip(reports.Cases[profile].SegmentationPaths))
        {
            var result = await PeerTools.RunAsync("dcmdump", "-M", path);
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain("E: ", result.Output, StringComparison.Ordinal);
            var frames = seg.File.Dataset.GetString(DicomTags.NumberOfFrames);
            Assert.Contains($"(0028,0008) IS [{frames}]", result.Output, StringComparison.Ordinal);
            Assert.Contains("(0062,0002) SQ", result.Output, StringComparison.Ordinal);
            Assert.Contains("(0008,0016) UI =SegmentationStorage", result.Output, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// pydicom unpacks the frames (bit order little), places each on its source slice through the Derivation Image
    /// reference and, independently, through Plane Position matched with the source files: every segment — the bones
    /// above all — gives back exactly the voxels it was written from (DSC = 1).
    /// </summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Pydicom_RebuildsEverySegmentExactly_ByDerivationAndByPosition(string profile)
    {
        var study = reports.Cases[profile];
        foreach (var (seg, path) in study.Segmentations.Zip(study.SegmentationPaths))
        {
            var series = study.Series.Single(s => s.Source.SeriesInstanceUid == seg.Reference.SourceSeriesInstanceUid);
            var findings = study.Study.Series.Single(s => s.SeriesInstanceUid == series.Source.SeriesInstanceUid);
            var expected = new List<(int Number, int[] Voxels)>();
            expected.AddRange(findings.Bones.Select(b => (seg.Reference.Bones[b].Number, b.Region.Voxels)));
            expected.AddRange(findings.Metastases.Select(m => (seg.Reference.Metastases[m].Number, m.Region.Voxels)));
            expected.AddRange(findings.Nodes.Select(n => (seg.Reference.Nodes[n].Number, n.Region.Voxels)));
            Assert.Equal(Enumerable.Range(1, expected.Count), expected.Select(e => e.Number).Order());

            var result = await SegCheck.RunAsync(path, series.Source, series.Folder, expected);
            output.WriteLine($"{profile} {series.Sequence}: {result.Frames} frames, {expected.Count} segments");
            Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
            foreach (var (number, voxels) in expected)
            {
                var segment = result.Segments[number];
                Assert.Equal(voxels.Length, segment.Expected);
                Assert.True(segment.Derivation == 1.0, $"segment {number}: DSC {segment.Derivation} placed by derivation");
                Assert.True(segment.Position == 1.0, $"segment {number}: DSC {segment.Position} placed by position");
            }

            Assert.All(findings.Bones, b => Assert.Equal(1.0, result.Segments[seg.Reference.Bones[b].Number].Derivation));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Segments_DescribeEachFinding(string profile)
    {
        var study = reports.Cases[profile];
        var dwi = study.Segmentations.Single(s => s.Reference.SourceSeriesInstanceUid == study.Series[0].Source.SeriesInstanceUid);
        var segments = dwi.File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
        var findings = study.Study.Series[0];

        Assert.Equal(findings.Bones.Count + findings.Metastases.Count + findings.Nodes.Count, segments.Count);
        Assert.Equal("YES", dwi.File.Dataset.GetString(DicomTags.SegmentsOverlap));
        foreach (var bone in findings.Bones)
        {
            var item = segments[dwi.Reference.Bones[bone].Number - 1];
            Assert.Equal("91723000", item.GetSequence(DicomTags.SegmentedPropertyCategoryCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
            var type = item.GetSequence(DicomTags.SegmentedPropertyTypeCodeSequence)!.Items[0];
            var modifier = type.GetSequence(DicomTags.SegmentedPropertyTypeModifierCodeSequence)?.Items[0].GetString(DicomTags.CodeValue);
            Assert.Equal(bone.Side switch { Side.Left => "7771000", Side.Right => "24028007", _ => null }, modifier);
            Assert.Equal("AUTOMATIC", item.GetString(DicomTags.SegmentAlgorithmType));
            Assert.Equal("pelvic-bones", item.GetString(DicomTags.SegmentAlgorithmName));
            var algorithm = item.GetSequence(DicomTags.SegmentationAlgorithmIdentificationSequence)!.Items[0];
            Assert.Equal("123110", algorithm.GetSequence(DicomTags.AlgorithmFamilyCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
            Assert.Equal("0.0.0", algorithm.GetString(DicomTags.AlgorithmVersion));
            Assert.Equal(3, item.GetUInt16Array(DicomTags.RecommendedDisplayCIELabValue).Length);
            Assert.False(string.IsNullOrEmpty(item.GetString(DicomTags.TrackingUID)));
        }

        var metastasis = study.Study.Metastases.First(m => m.OnDwi is not null);
        var metastasisItem = segments[dwi.Reference.Metastases[metastasis.OnDwi!].Number - 1];
        Assert.Equal($"Bone metastasis {metastasis.Number}", metastasisItem.GetString(DicomTags.SegmentLabel));
        Assert.Equal("14799000", metastasisItem.GetSequence(DicomTags.SegmentedPropertyTypeCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        Assert.Equal("49755003", metastasisItem.GetSequence(DicomTags.SegmentedPropertyCategoryCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));

        foreach (var node in findings.Nodes)
        {
            var label = segments[dwi.Reference.Nodes[node].Number - 1].GetString(DicomTags.SegmentLabel);
            Assert.Equal(node.Suspicious ? $"Lymph node {node.Number} (suspicious)" : $"Lymph node {node.Number}", label);
        }
    }

    [Fact]
    public void AMetastasisSeenOnTwoSeries_HasOneTrackingUidInBothSegs()
    {
        var both = reports.Cases.Values
            .SelectMany(c => c.Study.Metastases.Where(m => m.OnDwi is not null && m.OnT1InPhase is not null).Select(m => (Case: c, Metastasis: m)))
            .First();
        var references = both.Case.Segmentations.Select(s => s.Reference).ToList();
        var onDwi = references.Single(r => r.Metastases.ContainsKey(both.Metastasis.OnDwi!)).Metastases[both.Metastasis.OnDwi!];
        var onT1 = references.Single(r => r.Metastases.ContainsKey(both.Metastasis.OnT1InPhase!)).Metastases[both.Metastasis.OnT1InPhase!];

        Assert.Equal(onDwi.TrackingUid, onT1.TrackingUid);
        Assert.Equal($"Bone metastasis {both.Metastasis.Number}", onT1.TrackingId);
    }
}

/// <summary>Runs Scripts/check_seg.py on a SEG with the expected voxels of each segment.</summary>
internal static class SegCheck
{
    public sealed record Segment(int Expected, double Derivation, double Position);

    public sealed record Result(int Frames, IReadOnlyDictionary<int, Segment> Segments, IReadOnlyList<string> Problems);

    public static async Task<Result> RunAsync(
        string segPath, Reporting.Inputs.SourceSeries source, string? sourceFolder, IReadOnlyList<(int Number, int[] Voxels)> expected)
    {
        var g = source.Geometry;
        var jsonPath = segPath + ".expected.json";
        var binPath = segPath + ".expected.bin";
        var positions = Enumerable.Range(0, g.Slices).Select(k => g.ToPatient(0, 0, k)).Select(p => new[] { p.X, p.Y, p.Z }).ToArray();
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
        {
            columns = g.Columns,
            rows = g.Rows,
            slices = g.Slices,
            sourceUids = source.SliceInstanceUids,
            sourceDir = sourceFolder,
            sourcePositions = positions,
        }));
        using (var stream = File.Create(binPath))
        using (var writer = new BinaryWriter(stream))
        {
            foreach (var (number, voxels) in expected)
            {
                writer.Write(number);
                writer.Write(voxels.Length);
                foreach (var v in voxels)
                {
                    writer.Write(v);
                }
            }
        }

        var run = await PeerTools.RunAsync(PeerTools.Python, PeerTools.Script("check_seg.py"), segPath, jsonPath, binPath);
        Assert.True(run.ExitCode == 0, run.Output);
        using var document = JsonDocument.Parse(run.Output.Split('\n').Last(l => l.StartsWith('{')));
        var root = document.RootElement;
        var segments = root.GetProperty("segments").EnumerateObject().ToDictionary(
            p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture),
            p => new Segment(p.Value.GetProperty("expected").GetInt32(), p.Value.GetProperty("derivation").GetDouble(), p.Value.GetProperty("position").GetDouble()));
        return new Result(root.GetProperty("frames").GetInt32(), segments, root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList());
    }
}
