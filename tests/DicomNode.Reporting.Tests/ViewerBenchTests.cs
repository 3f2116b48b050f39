using System.Text.Json;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Segmentation;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// The SEGs and the SR of phantoms of every vendor profile, loaded with their source images by the Cornerstone3D and
/// dcmjs adapters at the versions OHIF 3.13.2 pins (<c>tests/viewers/check.mjs</c>, issue 19): every segment pixel
/// must land on its source image at the same row and column, and every measurement, stage and count must be read.
/// </summary>
[Collection(PhantomReportsCollection.Name)]
public sealed class ViewerBenchTests(PhantomReports reports, ITestOutputHelper output)
{
    [Fact]
    public async Task OhifAdapters_LoadEverySegmentPixelAndEveryMeasurement_OfAllThreeProfiles()
    {
        Assert.True(ViewerBench.IsInstalled, ViewerBench.NotInstalled);
        var json = Path.Combine(reports.Root, "viewer-bench.json");

        var (exitCode, text, written) = await ViewerBench.RunAsync(reports.Root, json);
        output.WriteLine(text);

        // The bench saw every object the phantoms wrote, so a pass cannot come from an empty or partial folder.
        Assert.True(written is not null, "check.mjs wrote no report:\n" + text);
        using var report = written;
        var checkedFiles = ViewerBench.JudgedFiles(report, reports.Root);
        foreach (var study in reports.Cases.Values)
        {
            Assert.Contains(Path.GetFullPath(study.ReportPath), checkedFiles);
            foreach (var seg in study.SegmentationPaths)
            {
                Assert.Contains(Path.GetFullPath(seg), checkedFiles);
            }
        }

        Assert.True(exitCode == 0, $"check.mjs exit code {exitCode}:\n{text}");
    }

    /// <summary>
    /// Issue 19, the GE DWI volume: OHIF 3.13.2 shows a segment's volume as its voxel count × Pixel Spacing × the slice
    /// spacing Cornerstone3D computes for the stacked labelmap images (outermost positions apart / (images − 1)). The
    /// GE DWI series holds b0 and b800 at each of its positions, so OHIF's spacing — and every volume of a SEG on that
    /// series — is (positions − 1) / (images − 1) of the true one; on the ADC and T1 series, one image per position,
    /// OHIF's volume is the SEG's. The bench reports the DWI figures as a viewer limitation (a note), not a failure.
    /// </summary>
    [Fact]
    public async Task Issue19_OhifSegmentVolume_OnTheGeDwiSeriesOfTwoBValues_IsScaledByPositionsOverImages_AndRightElsewhere()
    {
        var ge = reports.Cases["ge"];
        var dwi = ge.Series.Single(s => s.Sequence == Sequence.Dwi);
        using var folder = new ScratchFolder();
        foreach (var series in ge.Series)
        {
            Directory.CreateSymbolicLink(Path.Combine(folder.Path, Path.GetFileName(series.Folder)), series.Folder);
        }

        foreach (var seg in ge.SegmentationPaths.Append(ge.ReportPath))
        {
            File.Copy(seg, Path.Combine(folder.Path, Path.GetFileName(seg)));
        }

        var (exitCode, text, report) = await RunBenchAsync(folder.Path);
        Assert.True(exitCode == 0, $"check.mjs exit code {exitCode}:\n{text}");

        var (positions, images) = PositionsAndImages(dwi.Folder);
        Assert.True(images == 2 * positions, $"the GE DWI series should hold b0 and b800 at each position: {images} images at {positions} positions");
        var scale = (positions - 1.0) / (images - 1.0);
        var segs = report.RootElement.GetProperty("reports").EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "SEG").ToList();
        Assert.Equal(ge.SegmentationPaths.Count, segs.Count);
        foreach (var seg in segs)
        {
            var onDwi = seg.GetProperty("sourceSeries").GetString() == dwi.Source.SeriesInstanceUid;
            var volume = seg.GetProperty("volume");
            var segments = seg.GetProperty("segments").EnumerateArray().ToList();
            Assert.NotEmpty(segments);
            foreach (var segment in segments)
            {
                var own = segment.GetProperty("segVolumeMm3").GetDouble();
                var ohif = segment.GetProperty("ohifVolumeMm3").GetDouble();
                Assert.True(own > 0, $"{seg.GetProperty("file")}: segment {segment.GetProperty("label")} has no volume");
                var expected = onDwi ? own * scale : own;
                Assert.True(Math.Abs(ohif - expected) <= 1e-6 * own, $"{seg.GetProperty("file")} segment {segment.GetProperty("label")}: OHIF {ohif:F1} mm³, expected {expected:F1} (own {own:F1})");
            }

            Assert.Equal(onDwi ? images / (double)positions : 1.0, volume.GetProperty("imagesPerPosition").GetDouble());
            Assert.Equal(onDwi, seg.GetProperty("notes").EnumerateArray().Any(n => n.GetString()!.Contains("images per position", StringComparison.Ordinal)));
        }

        // The SR quotes each volume as its segment's pixels × the SEG's Pixel Measures; OHIF differs only on the DWI.
        var sr = report.RootElement.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "SR");
        var quoted = sr.GetProperty("volumes").EnumerateArray().ToList();
        Assert.NotEmpty(quoted);
        Assert.Contains(quoted, q => q.GetProperty("severalPerPosition").GetBoolean());
        foreach (var q in quoted)
        {
            var own = q.GetProperty("segMm3").GetDouble();
            var ohif = q.GetProperty("ohifMm3").GetDouble();
            var expected = q.GetProperty("severalPerPosition").GetBoolean() ? own * scale : own;
            Assert.True(Math.Abs(ohif - expected) <= 1e-6 * own, $"{q.GetProperty("tracking")}: OHIF {ohif:F1} mm³, expected {expected:F1}");
        }
    }

    /// <summary>
    /// Issue 19, "OHIF shows 900 mm³ for a GE DWI segment of 3.71 cm³": before the split into bone and lesion SEGs, a
    /// DWI metastasis lay inside its bone in one SEG, the adapter loaded such a SEG as two labelmap layers, and OHIF
    /// stacks the images of both layers — twice the series' images — into one volume. Its slice spacing is then
    /// (positions − 1) / (2 × images − 1) of the true one: 24/99 for the GE DWI, 3.71 cm³ → 900 mm³. A SEG made that
    /// way (the writer's DWI bones and lesions merged into one object, Segments Overlap YES) fails the bench.
    /// </summary>
    [Fact]
    public async Task Issue19_OverlappingDwiSeg_LoadsAsTwoLayers_OhifShowsAQuarterOfEachVolume_AndTheBenchFails()
    {
        var ge = reports.Cases["ge"];
        var dwi = ge.Series.Single(s => s.Sequence == Sequence.Dwi);
        var onDwi = ge.Segmentations.Where(s => s.Reference.SourceSeriesInstanceUid == dwi.Source.SeriesInstanceUid).ToList();
        var bones = onDwi.Single(s => s.Content == SegmentationContent.Bones).File.Dataset;
        var lesions = onDwi.Single(s => s.Content == SegmentationContent.Lesions).File.Dataset;
        using var folder = new ScratchFolder();
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, Path.GetFileName(dwi.Folder)), dwi.Folder);
        var merged = MergeIntoOneOverlappingSeg(bones, lesions);
        new DicomFile(merged, DicomTransferSyntax.ExplicitVRLittleEndian).Save(Path.Combine(folder.Path, "seg-dwi-bones-and-lesions.dcm"));

        var (exitCode, text, report) = await RunBenchAsync(folder.Path);
        Assert.True(exitCode == 1, $"check.mjs should fail an overlapping SEG, exit code {exitCode}:\n{text}");

        var (positions, images) = PositionsAndImages(dwi.Folder);
        var seg = report.RootElement.GetProperty("reports").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "SEG");
        Assert.Equal("2/2", seg.GetProperty("labelmapLayers").GetString());
        Assert.Equal(2 * images, seg.GetProperty("volume").GetProperty("labelmapImages").GetInt32());
        Assert.Contains(seg.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("OHIF 3.13.2 would show", StringComparison.Ordinal));
        var scale = (positions - 1.0) / ((2.0 * images) - 1.0);
        var wholeSomewhere = 0;
        foreach (var segment in seg.GetProperty("segments").EnumerateArray())
        {
            var pixels = segment.GetProperty("pixels").GetInt32();
            var loaded = segment.GetProperty("loaded").EnumerateArray().Select(l => l.GetInt32()).ToList();
            var volumes = segment.GetProperty("ohifVolumesMm3").EnumerateArray().Select(v => v.GetDouble()).ToList();
            var own = segment.GetProperty("segVolumeMm3").GetDouble();
            for (var order = 0; order < loaded.Count; order++)
            {
                if (loaded[order] == pixels)
                {
                    wholeSomewhere++;
                    Assert.True(Math.Abs(volumes[order] - (own * scale)) <= 1e-6 * own, $"segment {segment.GetProperty("label")}: OHIF {volumes[order]:F1} mm³, expected {own * scale:F1}");
                }
            }
        }

        Assert.True(wholeSomewhere > 0, "no segment loaded whole in either image order:\n" + text);
    }

    /// <summary>Two SEGs on one source made one, as the writer made them before issue 19: the second's segments renumbered after the first's, frames appended, Segments Overlap YES.</summary>
    private static DicomDataset MergeIntoOneOverlappingSeg(DicomDataset first, DicomDataset second)
    {
        var rows = first.GetUInt16(DicomTags.Rows);
        var columns = first.GetUInt16(DicomTags.Columns);
        // 1-bit frames are packed back to back (PS3.5 §8.1.1); whole bytes per frame let the two be appended as bytes.
        Assert.True(rows * columns % 8 == 0, "frames of whole bytes expected");
        var frameBytes = rows * columns / 8;
        var firstFrames = first.GetInt32(DicomTags.NumberOfFrames);
        var secondFrames = second.GetInt32(DicomTags.NumberOfFrames);
        var offset = first.GetSequence(DicomTags.SegmentSequence)!.Items.Count;

        var merged = first.Clone();
        var segments = first.GetSequence(DicomTags.SegmentSequence)!.Items.Select(i => i.Clone()).ToList();
        foreach (var item in second.GetSequence(DicomTags.SegmentSequence)!.Items)
        {
            var copy = item.Clone();
            copy.SetUInt16(DicomTags.SegmentNumber, checked((ushort)(item.GetUInt16(DicomTags.SegmentNumber) + offset)));
            segments.Add(copy);
        }

        var frames = first.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items.Select(i => i.Clone()).ToList();
        foreach (var item in second.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items)
        {
            var copy = item.Clone();
            var identification = copy.GetSequence(DicomTags.SegmentIdentificationSequence)!.Items[0];
            identification.SetUInt16(DicomTags.ReferencedSegmentNumber, checked((ushort)(identification.GetUInt16(DicomTags.ReferencedSegmentNumber) + offset)));
            var content = copy.GetSequence(DicomTags.FrameContentSequence)!.Items[0];
            Assert.True(content.TryGetInt64(DicomTags.DimensionIndexValues, out var segmentIndex, 0));
            Assert.True(content.TryGetInt64(DicomTags.DimensionIndexValues, out var positionIndex, 1));
            content.SetUInt32(DicomTags.DimensionIndexValues, checked((uint)(segmentIndex + offset)), checked((uint)positionIndex));
            frames.Add(copy);
        }

        var pixels = new byte[(firstFrames + secondFrames) * frameBytes];
        first.GetBytes(DicomTags.PixelData).Span[..(firstFrames * frameBytes)].CopyTo(pixels);
        second.GetBytes(DicomTags.PixelData).Span[..(secondFrames * frameBytes)].CopyTo(pixels.AsSpan(firstFrames * frameBytes));
        merged.SetSequence(DicomTags.SegmentSequence, [.. segments]);
        merged.SetSequence(DicomTags.PerFrameFunctionalGroupsSequence, [.. frames]);
        merged.SetBytes(DicomTags.PixelData, DicomVR.OB, pixels);
        merged.SetIntegerStrings(DicomTags.NumberOfFrames, firstFrames + secondFrames);
        merged.SetString(DicomTags.SegmentsOverlap, "YES");
        var uids = new DicomUidGenerator();
        merged.SetUid(DicomTags.SOPInstanceUID, uids.Generate());
        merged.SetUid(DicomTags.SeriesInstanceUID, uids.Generate());
        return merged;
    }

    /// <summary>How many distinct image positions (along the slice normal) the series' files have, and how many files.</summary>
    private static (int Positions, int Images) PositionsAndImages(string seriesFolder)
    {
        var files = Directory.GetFiles(seriesFolder, "*.dcm");
        var positions = files.Select(f =>
        {
            var d = DicomFile.Open(f).Dataset;
            var position = Enumerable.Range(0, 3).Select(i => d.GetDouble(DicomTags.ImagePositionPatient, i)).ToArray();
            var o = Enumerable.Range(0, 6).Select(i => d.GetDouble(DicomTags.ImageOrientationPatient, i)).ToArray();
            var normal = new[] { (o[1] * o[5]) - (o[2] * o[4]), (o[2] * o[3]) - (o[0] * o[5]), (o[0] * o[4]) - (o[1] * o[3]) };
            return Math.Round((position[0] * normal[0]) + (position[1] * normal[1]) + (position[2] * normal[2]), 3);
        }).Distinct().Count();
        return (positions, files.Length);
    }

    private static async Task<(int ExitCode, string Output, JsonDocument Report)> RunBenchAsync(string folder)
    {
        var (exitCode, text, report) = await ViewerBench.RunAsync(folder, Path.Combine(folder, "viewer-bench.json"));
        Assert.True(report is not null, "check.mjs wrote no report:\n" + text);
        return (exitCode, text, report);
    }
}
