using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.Imaging;
using DicomNode.Dicom.IO;
using DicomNode.Imaging;
using DicomNode.Imaging.Series;
using DicomNode.Reporting.KeyImages;
using SkiaSharp;

namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// Draws a DICOM SEG as it was received over its source slice (<c>dicomnode seg-overlay</c>): every segment's outline
/// in its Recommended Display CIELab colour, the SEG's Image Comments (the node's notice) in the red band. Read from the
/// files alone — the SEG's frames are placed on source images through their Derivation Image references (Referenced SOP
/// Instance UID and Frame Number), each checked against the frame's Plane Position — so the picture shows what a viewer
/// gets, not what the node meant to send. The slice drawn is the one with the most segmented pixels, or the one asked for.
/// </summary>
public static class SegmentationOverlay
{
    private const string SegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

    /// <summary>How far a frame's Image Position may lie from its source image's, in mm.</summary>
    private const double PositionToleranceMm = 0.01;

    /// <summary>Drawn for a segment without a Recommended Display CIELab Value.</summary>
    private static readonly SKColor DefaultColour = new(255, 255, 0);

    /// <param name="segmentationPath">The SEG file.</param>
    /// <param name="sourceFolder">A folder holding the source series (searched with its subfolders).</param>
    /// <param name="sourceInstanceUid">The source image to draw; null for the one with the most segmented pixels.</param>
    /// <exception cref="SegmentationOverlayException">The file is no SEG, or its frames cannot be placed on the source images found.</exception>
    public static SegmentationOverlayPicture Draw(string segmentationPath, string sourceFolder, string? sourceInstanceUid = null)
    {
        ArgumentNullException.ThrowIfNull(segmentationPath);
        ArgumentNullException.ThrowIfNull(sourceFolder);
        var seg = Read(segmentationPath);
        var frames = Frames(seg);
        var wanted = sourceInstanceUid?.Trim();
        var chosen = frames
            .Where(f => wanted is null || f.Source.Uid == wanted)
            .GroupBy(f => f.Source)
            .MaxBy(g => g.Sum(f => f.Pixels))
            ?? throw new SegmentationOverlayException(wanted is null
                ? $"{segmentationPath} has no frame with a segmented pixel"
                : $"no frame of {segmentationPath} is derived from source image {wanted}");

        var (volume, slice) = SourceSlice(seg, chosen.Key, sourceFolder, segmentationPath);
        var geometry = volume.Geometry;
        if (geometry.Columns != seg.Pixels.Columns || geometry.Rows != seg.Pixels.Rows)
        {
            throw new SegmentationOverlayException(
                $"the SEG's frames are {seg.Pixels.Columns}×{seg.Pixels.Rows} but source image {chosen.Key.Uid} is {geometry.Columns}×{geometry.Rows}");
        }

        var (x, y, z) = geometry.ToPatient(0, 0, slice);
        foreach (var frame in chosen)
        {
            if (frame.Position is not [var px, var py, var pz])
            {
                continue;
            }

            var distance = Math.Sqrt(Math.Pow(px - x, 2) + Math.Pow(py - y, 2) + Math.Pow(pz - z, 2));
            if (distance > PositionToleranceMm)
            {
                throw new SegmentationOverlayException(string.Create(CultureInfo.InvariantCulture,
                    $"frame {frame.Index + 1} of the SEG is derived from source image {chosen.Key.Uid} but its Image Position (Patient) lies {distance:0.###} mm from that image's"));
            }
        }

        var segments = new List<SegmentationOverlaySegment>();
        var outlines = new List<KeyImageOutline>();
        foreach (var segmentFrames in chosen.GroupBy(f => f.Segment).OrderBy(g => g.Key))
        {
            var mask = new bool[seg.Pixels.PixelCount];
            foreach (var frame in segmentFrames)
            {
                frame.Unpack(seg.Pixels, mask);
            }

            var count = mask.Count(m => m);
            var (label, colour) = seg.Segments.TryGetValue(segmentFrames.Key, out var known) ? known : ($"segment {segmentFrames.Key}", DefaultColour);
            segments.Add(new SegmentationOverlaySegment(segmentFrames.Key, label, count, colour.Red, colour.Green, colour.Blue));
            outlines.Add(new KeyImageOutline(mask, colour, segmentFrames.Key.ToString(CultureInfo.InvariantCulture), $"{segmentFrames.Key} · {label} · {count} px", 2f));
        }

        var description = seg.Dataset.GetString(DicomTags.SeriesDescription)?.Trim();
        var title = string.IsNullOrEmpty(description) ? "Segmentation" : description;
        var sourceDescription = seg.SourceDescription;
        var subtitle = string.Create(CultureInfo.InvariantCulture,
            $"over {(string.IsNullOrEmpty(sourceDescription) ? "its source" : sourceDescription)} · slice {slice + 1} of {geometry.Slices} · {segments.Count} of {seg.Segments.Count} segments here");
        var notice = seg.Dataset.GetString(DicomTags.ImageComments)?.Trim();
        var picture = KeyImageRenderer.Render(new KeyImageScene(volume, slice, title, subtitle, outlines, string.IsNullOrEmpty(notice) ? null : notice));
        return new SegmentationOverlayPicture(picture.Png, picture.Width, picture.Height, chosen.Key.Uid, chosen.Key.Frame, slice, segments);
    }

    private static SegmentationFile Read(string path)
    {
        DicomFile file;
        try
        {
            file = Part10Reader.ReadFile(path);
        }
        catch (DicomFormatException e)
        {
            throw new SegmentationOverlayException($"{path} is not a readable DICOM file: {e.Message}", e);
        }

        var dataset = file.Dataset;
        var sopClass = dataset.GetUid(DicomTags.SOPClassUID)?.Trim();
        if (sopClass != SegmentationStorage)
        {
            throw new SegmentationOverlayException($"{path} is not a DICOM SEG (SOP Class UID {sopClass ?? "absent"}, Segmentation Storage is {SegmentationStorage})");
        }

        var pixels = new DicomPixelData(file);
        var type = dataset.GetString(DicomTags.SegmentationType)?.Trim();
        if (type is not ("BINARY" or "FRACTIONAL"))
        {
            throw new SegmentationOverlayException($"{path}: Segmentation Type {type ?? "absent"} is not drawn (BINARY and FRACTIONAL are)");
        }

        var segments = new Dictionary<int, (string Label, SKColor Colour)>();
        foreach (var item in dataset.GetSequence(DicomTags.SegmentSequence)?.Items ?? [])
        {
            if (!item.TryGetInt32(DicomTags.SegmentNumber, out var number))
            {
                continue;
            }

            var colour = DefaultColour;
            if (item.GetUInt16Array(DicomTags.RecommendedDisplayCIELabValue) is [var l, var a, var b])
            {
                var (red, green, blue) = CieLab.Rgb(l, a, b);
                colour = new SKColor(red, green, blue);
            }

            segments[number] = (item.GetString(DicomTags.SegmentLabel)?.Trim() ?? $"segment {number}", colour);
        }

        var series = dataset.GetSequence(DicomTags.ReferencedSeriesSequence)?.Items.FirstOrDefault()?.GetUid(DicomTags.SeriesInstanceUID)?.Trim();
        return new SegmentationFile(dataset, pixels, segments, series);
    }

    private static List<SegmentFrame> Frames(SegmentationFile seg)
    {
        var perFrame = seg.Dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)?.Items
            ?? throw new SegmentationOverlayException("the SEG has no Per-frame Functional Groups Sequence");
        if (perFrame.Count != seg.Pixels.NumberOfFrames)
        {
            throw new SegmentationOverlayException($"the SEG has {seg.Pixels.NumberOfFrames} frames but {perFrame.Count} per-frame functional group items");
        }

        var frames = new List<SegmentFrame>(perFrame.Count);
        for (var i = 0; i < perFrame.Count; i++)
        {
            var item = perFrame[i];
            var segment = item.GetSequence(DicomTags.SegmentIdentificationSequence)?.Items.FirstOrDefault() is { } identification
                && identification.TryGetInt32(DicomTags.ReferencedSegmentNumber, out var number)
                ? number
                : throw new SegmentationOverlayException($"frame {i + 1} of the SEG names no segment (Segment Identification Sequence)");
            var derivation = item.GetSequence(DicomTags.DerivationImageSequence)?.Items.FirstOrDefault();
            var source = derivation?.GetSequence(DicomTags.SourceImageSequence)?.Items.FirstOrDefault()
                ?? throw new SegmentationOverlayException($"frame {i + 1} of the SEG names no source image (Derivation Image Sequence)");
            var uid = source.GetUid(DicomTags.ReferencedSOPInstanceUID)?.Trim()
                ?? throw new SegmentationOverlayException($"frame {i + 1} of the SEG has a source image item without Referenced SOP Instance UID");
            int? sourceFrame = source.TryGetInt32(DicomTags.ReferencedFrameNumber, out var f) ? f : null;
            var position = item.GetSequence(DicomTags.PlanePositionSequence)?.Items.FirstOrDefault()?.GetDoubles(DicomTags.ImagePositionPatient) ?? [];
            var bits = seg.Pixels.GetFrame(i);
            frames.Add(new SegmentFrame(i, segment, new SourceImage(uid, sourceFrame), position, Count(bits.Span, seg)));
        }

        return frames;
    }

    private static int Count(ReadOnlySpan<byte> frame, SegmentationFile seg)
    {
        var count = 0;
        if (seg.Pixels.BitsAllocated == 1)
        {
            foreach (var b in frame)
            {
                count += System.Numerics.BitOperations.PopCount(b);
            }
        }
        else
        {
            foreach (var b in frame)
            {
                count += b > 0 ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>The volume holding the source image and the image's slice in it, from the files of the SEG's referenced series.</summary>
    private static (ImageVolume Volume, int Slice) SourceSlice(SegmentationFile seg, SourceImage source, string folder, string segmentationPath)
    {
        if (!Directory.Exists(folder))
        {
            throw new SegmentationOverlayException($"source folder {folder} does not exist");
        }

        var paths = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFullPath(path) == Path.GetFullPath(segmentationPath) || Header(path) is not { } header)
            {
                continue;
            }

            var series = header.GetUid(DicomTags.SeriesInstanceUID)?.Trim();
            if (seg.SeriesInstanceUid is null ? header.GetUid(DicomTags.SOPInstanceUID)?.Trim() == source.Uid : series == seg.SeriesInstanceUid)
            {
                paths.Add(path);
                seg.SourceDescription ??= header.GetString(DicomTags.SeriesDescription)?.Trim();
            }
        }

        if (paths.Count == 0)
        {
            throw new SegmentationOverlayException(
                $"no file of the SEG's source series {seg.SeriesInstanceUid ?? "(not referenced)"} was found under {folder}");
        }

        IReadOnlyList<ImageVolume> volumes;
        try
        {
            volumes = new SeriesVolumeBuilder().Build(paths);
        }
        catch (SeriesGeometryException e)
        {
            throw new SegmentationOverlayException($"the SEG's source series {seg.SeriesInstanceUid} cannot be stacked: {e.Message}", e);
        }

        foreach (var volume in volumes)
        {
            for (var k = 0; k < volume.SourceInstanceUids.Count; k++)
            {
                var frame = k < volume.SourceFrameNumbers.Count ? volume.SourceFrameNumbers[k] : null;
                if (volume.SourceInstanceUids[k] == source.Uid && (source.Frame is null || frame is null || frame == source.Frame))
                {
                    return (volume, k);
                }
            }
        }

        throw new SegmentationOverlayException(
            $"source image {source.Uid}{(source.Frame is { } n ? $" frame {n}" : string.Empty)} is not among the {paths.Count} files of series {seg.SeriesInstanceUid} under {folder}");
    }

    private static DicomDataset? Header(string path)
    {
        try
        {
            return Part10HeaderReader.ReadFile(path).Dataset;
        }
        catch (Exception e) when (e is DicomFormatException or EndOfStreamException or InvalidDataException)
        {
            return null;
        }
    }

    private sealed record SegmentationFile(DicomDataset Dataset, DicomPixelData Pixels, Dictionary<int, (string Label, SKColor Colour)> Segments, string? SeriesInstanceUid)
    {
        public string? SourceDescription { get; set; }
    }

    private sealed record SourceImage(string Uid, int? Frame);

    private sealed record SegmentFrame(int Index, int Segment, SourceImage Source, double[] Position, int Pixels)
    {
        /// <summary>Sets the frame's segmented pixels in <paramref name="mask"/>.</summary>
        public void Unpack(DicomPixelData pixels, bool[] mask)
        {
            var frame = pixels.GetFrame(Index).Span;
            for (var p = 0; p < mask.Length; p++)
            {
                mask[p] |= pixels.BitsAllocated == 1 ? (frame[p >> 3] & (1 << (p & 7))) != 0 : frame[p] > 0;
            }
        }
    }
}
