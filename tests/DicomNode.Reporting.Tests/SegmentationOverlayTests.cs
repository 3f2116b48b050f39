using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Reporting.Segmentation;
using SkiaSharp;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// <c>dicomnode seg-overlay</c>'s drawing: every SEG written for the phantoms of every profile, read back from its file and
/// placed on its source slice found among the phantom's files, against the voxels the SEG was written from.
/// </summary>
/// <remarks>Set <c>DICOMNODE_OVERLAY_KEEP</c> to a folder to keep the PNGs (to look at them).</remarks>
[Collection(PhantomReportsCollection.Name)]
public sealed class SegmentationOverlayTests(PhantomReports reports, ITestOutputHelper output)
{
    public static TheoryData<string> Profiles => PhantomReports.Profiles;

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Draw_PutsEverySegmentOfTheFullestSliceOnItsSourceImage_InItsColour(string profile)
    {
        var study = reports.Cases[profile];
        foreach (var (seg, path) in study.Segmentations.Zip(study.SegmentationPaths))
        {
            var series = study.Series.Single(s => s.Source.SeriesInstanceUid == seg.Reference.SourceSeriesInstanceUid);
            var plane = series.Source.Geometry.Columns * series.Source.Geometry.Rows;
            var expected = SyntheticSegmentationTests.Expected(seg.Reference);
            var perSlice = expected
                .SelectMany(e => e.Voxels.Select(v => (e.Number, Slice: v / plane)))
                .GroupBy(e => e.Slice)
                .ToDictionary(g => g.Key, g => g.GroupBy(e => e.Number).ToDictionary(n => n.Key, n => n.Count()));

            var picture = SegmentationOverlay.Draw(path, study.Folder);
            Keep(profile, path, picture);
            output.WriteLine($"{profile} {Path.GetFileName(path)}: slice {picture.Slice + 1}, "
                + string.Join(", ", picture.Segments.Select(s => $"{s.Number} {s.Label} {s.Pixels} px")));

            // The fullest slice (a tie may go either way), on the source image the writer had at that slice.
            Assert.Equal(perSlice.Values.Max(s => s.Values.Sum()), perSlice[picture.Slice].Values.Sum());
            Assert.Equal(series.Source.SliceInstanceUids[picture.Slice], picture.SourceInstanceUid);
            Assert.Equal(perSlice[picture.Slice].OrderBy(s => s.Key), picture.Segments.Select(s => new KeyValuePair<int, int>(s.Number, s.Pixels)));

            using var bitmap = SKBitmap.Decode(picture.Png);
            Assert.Equal((picture.Width, picture.Height), (bitmap.Width, bitmap.Height));
            var segments = seg.File.Dataset.GetSequence(DicomTags.SegmentSequence)!.Items;
            foreach (var segment in picture.Segments)
            {
                var item = segments.Single(s => s.GetInt32(DicomTags.SegmentNumber) == segment.Number);
                Assert.Equal(item.GetString(DicomTags.SegmentLabel), segment.Label);
                var lab = item.GetUInt16Array(DicomTags.RecommendedDisplayCIELabValue);
                Assert.Equal(CieLab.Rgb(lab[0], lab[1], lab[2]), (segment.Red, segment.Green, segment.Blue));
                Assert.True(
                    Drawn(bitmap, segment) > 0,
                    $"{Path.GetFileName(path)}: no pixel of segment {segment.Number}'s colour #{segment.Red:X2}{segment.Green:X2}{segment.Blue:X2} in the picture");
            }
        }
    }

    [Fact]
    public void Draw_AnotherSourceImage_WhenOneIsAskedFor()
    {
        var study = reports.Cases["ge"];
        var path = study.SegmentationPaths[0];
        var fullest = SegmentationOverlay.Draw(path, study.Folder);
        var frames = Part10Reader.ReadFile(path).Dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items;
        var other = frames
            .Select(f => f.GetSequence(DicomTags.DerivationImageSequence)!.Items[0].GetSequence(DicomTags.SourceImageSequence)!.Items[0].GetUid(DicomTags.ReferencedSOPInstanceUID))
            .First(uid => uid != fullest.SourceInstanceUid)!;

        var picture = SegmentationOverlay.Draw(path, study.Folder, other);

        Assert.Equal(other, picture.SourceInstanceUid);
        Assert.NotEqual(fullest.Slice, picture.Slice);
    }

    [Fact]
    public void Draw_ExplainsByName_WhatCannotBeDrawn()
    {
        var study = reports.Cases["ge"];
        var path = study.SegmentationPaths[0];
        var empty = Directory.CreateTempSubdirectory("overlay-empty-").FullName;
        try
        {
            var notSeg = Assert.Throws<SegmentationOverlayException>(() => SegmentationOverlay.Draw(study.ReportPath, study.Folder));
            Assert.Contains("is not a DICOM SEG", notSeg.Message, StringComparison.Ordinal);

            var noSource = Assert.Throws<SegmentationOverlayException>(() => SegmentationOverlay.Draw(path, empty));
            Assert.Contains("no file of the SEG's source series", noSource.Message, StringComparison.Ordinal);

            var unknown = Assert.Throws<SegmentationOverlayException>(() => SegmentationOverlay.Draw(path, study.Folder, "1.2.3.4"));
            Assert.Contains("derived from source image 1.2.3.4", unknown.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    /// <summary>A SEG whose frames lie 2 mm off their source images is refused, not drawn on the wrong anatomy.</summary>
    [Fact]
    public void Draw_RefusesFramesWhosePlanePositionIsNotTheirSourceImages()
    {
        var study = reports.Cases["ge"];
        var file = Part10Reader.ReadFile(study.SegmentationPaths[0]);
        foreach (var frame in file.Dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items)
        {
            var position = frame.GetSequence(DicomTags.PlanePositionSequence)!.Items[0];
            var xyz = position.GetDoubles(DicomTags.ImagePositionPatient);
            position.SetDecimalStrings(DicomTags.ImagePositionPatient, [xyz[0], xyz[1], xyz[2] + 2.0]);
        }

        var moved = Path.Combine(reports.Root, "moved-seg.dcm");
        file.Save(moved);

        var refused = Assert.Throws<SegmentationOverlayException>(() => SegmentationOverlay.Draw(moved, study.Folder));

        Assert.Contains("lies 2 mm from that image's", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>Pixels of the picture within 2 of the segment's colour on every channel.</summary>
    private static int Drawn(SKBitmap bitmap, SegmentationOverlaySegment segment)
    {
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (Math.Abs(pixel.Red - segment.Red) <= 2 && Math.Abs(pixel.Green - segment.Green) <= 2 && Math.Abs(pixel.Blue - segment.Blue) <= 2)
            {
                count++;
            }
        }

        return count;
    }

    private static void Keep(string profile, string path, SegmentationOverlayPicture picture)
    {
        if (Environment.GetEnvironmentVariable("DICOMNODE_OVERLAY_KEEP") is { Length: > 0 } folder)
        {
            picture.Save(Path.Combine(folder, profile, Path.GetFileNameWithoutExtension(path) + ".png"));
        }
    }
}
