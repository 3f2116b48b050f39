using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Segmentation;
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

        // Per series one object of the bones and, when it has any metastasis or node, one of the lesions.
        var expected = study.Study.Series.Sum(s => (s.Bones.Count > 0 ? 1 : 0) + (s.Metastases.Count + s.Nodes.Count > 0 ? 1 : 0));
        Assert.Equal(expected, study.SegmentationPaths.Count);
        Assert.True(expected >= 4, $"{profile}: {expected} SEG objects; the subject was chosen for metastases and nodes");
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
            var expected = SyntheticSegmentationTests.Expected(seg.Reference);
            Assert.Equal(Enumerable.Range(1, expected.Count), expected.Select(e => e.Number));
            Assert.Equal("NO", seg.File.Dataset.GetString(DicomTags.SegmentsOverlap));

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

        }

        // Every finding of every series is in exactly one object of its series.
        foreach (var findings in study.Study.Series)
        {
            var references = study.Segmentations.Select(s => s.Reference).Where(r => r.SourceSeriesInstanceUid == findings.SeriesInstanceUid).ToList();
            Assert.All(findings.Bones, b => Assert.Single(references, r => r.Bones.ContainsKey(b)));
            Assert.All(findings.Metastases, m => Assert.Single(references, r => r.Metastases.ContainsKey(m)));
            Assert.All(findings.Nodes, n => Assert.Single(references, r => r.Nodes.ContainsKey(n)));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Segments_DescribeEachFinding(string profile)
    {
        var study = reports.Cases[profile];
        var onDwi = study.Segmentations.Where(s => s.Reference.SourceSeriesInstanceUid == study.Series[0].Source.SeriesInstanceUid).ToList();
        Assert.Equal([SegmentationContent.Bones, SegmentationContent.Lesions], onDwi.Select(s => s.Content));
        var (dwi, lesions) = (onDwi[0], onDwi[1]);
        var segments = dwi.File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
        var lesionSegments = lesions.File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
        var findings = study.Study.Series[0];

        Assert.Equal(findings.Bones.Count, segments.Count);
        Assert.Equal(findings.Metastases.Count + findings.Nodes.Count, lesionSegments.Count);
        Assert.StartsWith("AI bone segmentation of ", dwi.File.Dataset.GetString(DicomTags.SeriesDescription), StringComparison.Ordinal);
        Assert.StartsWith("AI lesion segmentation of ", lesions.File.Dataset.GetString(DicomTags.SeriesDescription), StringComparison.Ordinal);
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
        var metastasisItem = lesionSegments[lesions.Reference.Metastases[metastasis.OnDwi!].Number - 1];
        Assert.Equal($"Bone metastasis {metastasis.Number}", metastasisItem.GetString(DicomTags.SegmentLabel));
        Assert.Equal("14799000", metastasisItem.GetSequence(DicomTags.SegmentedPropertyTypeCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        Assert.Equal("49755003", metastasisItem.GetSequence(DicomTags.SegmentedPropertyCategoryCodeSequence)!.Items[0].GetString(DicomTags.CodeValue));
        Assert.Equal("pelvic-bone-metastases", metastasisItem.GetString(DicomTags.SegmentAlgorithmName));

        foreach (var node in findings.Nodes)
        {
            var label = lesionSegments[lesions.Reference.Nodes[node].Number - 1].GetString(DicomTags.SegmentLabel);
            var side = node.Side == Side.Left ? "left" : "right";
            Assert.Equal(node.Suspicious ? $"Lymph node {node.Number}, {side} (suspicious)" : $"Lymph node {node.Number}, {side}", label);
        }
    }

    /// <summary>
    /// Issue 19: OHIF showed 900 mm³ for a GE DWI segment whose pixel count gives 3.71 cm³. The GE DWI has 7 mm slices
    /// 8 mm apart (a 1 mm gap); the SEG must say both, and its own attributes must give the finding's volume back.
    /// </summary>
    [Fact]
    public void GeDwiSeg_PixelMeasures_AreTheSourcesThicknessAndPositionSpacing_AndGiveBackEachSegmentsVolume()
    {
        var study = reports.Cases["ge"];
        var dwi = study.Series[0];
        Assert.Equal("7", dwi.Source.Instance.GetString(DicomTags.SliceThickness));
        foreach (var seg in study.Segmentations.Where(s => s.Reference.SourceSeriesInstanceUid == dwi.Source.SeriesInstanceUid))
        {
            var ds = seg.File.Dataset;
            var measures = ds.GetSequence(DicomTags.SharedFunctionalGroupsSequence)!.Items[0].GetSequence(DicomTags.PixelMeasuresSequence)!.Items[0];
            var thickness = Number(measures.GetString(DicomTags.SliceThickness));
            var spacing = Number(measures.GetString(DicomTags.SpacingBetweenSlices));
            var pixel = measures.GetStrings(DicomTags.PixelSpacing).Select(Number).ToArray();
            Assert.Equal((7.0, 8.0), (thickness, spacing));

            foreach (var (finding, volume) in seg.Reference.Metastases.Select(m => ((object)m.Key, m.Key.VolumeCm3)).Concat(seg.Reference.Nodes.Select(n => ((object)n.Key, n.Key.VolumeCm3))))
            {
                var voxels = finding is MetastasisFinding m ? m.Region.Voxels.Length : ((LymphNodeFinding)finding).Region.Voxels.Length;
                Assert.Equal(volume, voxels * pixel[0] * pixel[1] * spacing / 1000, 6);
            }
        }
    }

    private static double Number(string? value) => double.Parse(value!, System.Globalization.CultureInfo.InvariantCulture);

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

    [Fact]
    public void EachMetastasisSegment_NamesTheModelOfItsSeriesSequence()
    {
        var checkedSequences = new HashSet<Sequence>();
        foreach (var study in reports.Cases.Values)
        {
            foreach (var seg in study.Segmentations)
            {
                var sequence = study.Study.Series.Single(s => s.SeriesInstanceUid == seg.Reference.SourceSeriesInstanceUid).Sequence;
                var expected = TestIdentity.Algorithms.MetastasesOn(sequence);
                foreach (var item in seg.File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items
                    .Where(i => i.GetString(DicomTags.SegmentLabel)!.StartsWith("Bone metastasis", StringComparison.Ordinal)))
                {
                    Assert.Equal(expected.Name, item.GetString(DicomTags.SegmentAlgorithmName));
                    checkedSequences.Add(sequence);
                }
            }
        }

        Assert.Equal([Sequence.Dwi, Sequence.T1InPhase], checkedSequences.Order());
        Assert.NotEqual(TestIdentity.Algorithms.MetastasesOn(Sequence.Dwi), TestIdentity.Algorithms.MetastasesOn(Sequence.T1InPhase));
    }
}
