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
        Assert.Equal("pelvic-bone-metastases", metastasisItem.GetString(DicomTags.SegmentAlgorithmName));

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
