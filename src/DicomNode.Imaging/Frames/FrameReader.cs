using System.Globalization;
using DicomNode.Dicom;

namespace DicomNode.Imaging.Frames;

/// <summary>
/// Turns one file's header into the frames the node stacks: a classic image is one frame, an Enhanced MR image one
/// frame per item of its Per-frame Functional Groups (PS3.3 §C.7.6.16, per-frame groups over shared ones), a Siemens
/// mosaic one frame per tile. Objects that are no image to stack (presentation states, reports, vendor-private
/// objects, colour maps) are skipped with the reason. Reads headers only: pixel data are not needed.
/// </summary>
public static class FrameReader
{
    private const string StandardRoot = "1.2.840.10008.";

    // Standard SOP classes that share an MR series without being images to stack (PS3.4 Annex B).
    private static readonly (string Prefix, string What)[] NonImageClasses =
    [
        ("1.2.840.10008.5.1.4.1.1.11.", "a presentation state"),
        ("1.2.840.10008.5.1.4.1.1.88.", "a structured report"),
        ("1.2.840.10008.5.1.4.1.1.66", "a segmentation, registration or raw data object"),
        ("1.2.840.10008.5.1.4.1.1.104.", "an encapsulated document"),
        ("1.2.840.10008.5.1.4.1.1.4.2", "MR spectroscopy"),
        ("1.2.840.10008.5.1.4.1.1.7", "a secondary capture"),
    ];

    public static FrameReading Read(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sopClass = dataset.GetUid(DicomTags.SOPClassUID)?.Trim() ?? string.Empty;
        var series = dataset.GetUid(DicomTags.SeriesInstanceUID)?.Trim() ?? string.Empty;
        var sop = dataset.GetUid(DicomTags.SOPInstanceUID)?.Trim() ?? string.Empty;
        if (sopClass.Length > 0 && !sopClass.StartsWith(StandardRoot, StringComparison.Ordinal))
        {
            return FrameReading.Skip($"a vendor-private object (SOP Class {sopClass})");
        }

        if (NonImageClasses.FirstOrDefault(c => sopClass.StartsWith(c.Prefix, StringComparison.Ordinal)) is { What: { } what })
        {
            return FrameReading.Skip(what);
        }

        if (!dataset.TryGetInt32(DicomTags.Rows, out var rows) || !dataset.TryGetInt32(DicomTags.Columns, out var columns) || rows <= 0 || columns <= 0)
        {
            return FrameReading.Skip("not an image (no Rows and Columns)");
        }

        var samples = dataset.TryGetInt32(DicomTags.SamplesPerPixel, out var s) ? s : 1;
        if (samples != 1)
        {
            return FrameReading.Skip($"a colour image ({samples} samples per pixel), e.g. a colour FA map; only greyscale images are analysed");
        }

        try
        {
            return dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence) is { } perFrame
                ? Enhanced(dataset, perFrame, series, sop, rows, columns)
                : Classic(dataset, series, sop, rows, columns);
        }
        catch (FormatException e)
        {
            return FrameReading.Skip($"its geometry cannot be read: {e.Message}");
        }
    }

    private static FrameReading Classic(DicomDataset d, string series, string sop, int rows, int columns)
    {
        var frames = d.TryGetInt32(DicomTags.NumberOfFrames, out var n) ? n : 1;
        if (frames > 1)
        {
            return FrameReading.Skip($"a multi-frame image of {frames} frames without functional groups");
        }

        var position = d.GetDoubles(DicomTags.ImagePositionPatient);
        var orientation = d.GetDoubles(DicomTags.ImageOrientationPatient);
        var spacing = d.GetDoubles(DicomTags.PixelSpacing);
        if (position.Length != 3 || orientation.Length != 6 || spacing.Length != 2)
        {
            return FrameReading.Skip(
                $"it lacks the Image Plane module: Image Position (Patient) has {position.Length} values, Image Orientation (Patient) {orientation.Length}, Pixel Spacing {spacing.Length}");
        }

        var frame = new ImageFrame
        {
            SeriesInstanceUid = series,
            SopInstanceUid = sop,
            InstanceNumber = d.TryGetInt32(DicomTags.InstanceNumber, out var number) ? number : 0,
            Rows = rows,
            Columns = columns,
            Position = position,
            Orientation = orientation,
            Spacing = spacing,
            Thickness = ThicknessOf(d),
            Diffusion = DiffusionReader.Read(d),
            ImageType = d.GetStrings(DicomTags.ImageType),
        };
        return frame.ImageType.Any(t => t.Trim().Equals("MOSAIC", StringComparison.OrdinalIgnoreCase))
            ? SiemensMosaic.Unpack(d, frame)
            : new FrameReading([frame], null);
    }

    private static FrameReading Enhanced(DicomDataset d, DicomSequence perFrame, string series, string sop, int rows, int columns)
    {
        var shared = d.GetSequence(DicomTags.SharedFunctionalGroupsSequence)?.Items.FirstOrDefault();
        var instance = d.TryGetInt32(DicomTags.InstanceNumber, out var number) ? number : 0;
        var frames = new List<ImageFrame>(perFrame.Items.Count);
        for (var i = 0; i < perFrame.Items.Count; i++)
        {
            var groups = Merge(d, perFrame.Items[i], shared);
            var position = groups.GetSequence(DicomTags.PlanePositionSequence)?.Items.FirstOrDefault()?.GetDoubles(DicomTags.ImagePositionPatient) ?? [];
            var orientation = groups.GetSequence(DicomTags.PlaneOrientationSequence)?.Items.FirstOrDefault()?.GetDoubles(DicomTags.ImageOrientationPatient) ?? [];
            var measures = groups.GetSequence(DicomTags.PixelMeasuresSequence)?.Items.FirstOrDefault();
            var spacing = measures?.GetDoubles(DicomTags.PixelSpacing) ?? [];
            if (position.Length != 3 || orientation.Length != 6 || spacing.Length != 2)
            {
                return FrameReading.Skip(string.Create(
                    CultureInfo.InvariantCulture,
                    $"frame {i + 1} lacks Plane Position, Plane Orientation or Pixel Measures in its functional groups"));
            }

            var transform = groups.GetSequence(DicomTags.PixelValueTransformationSequence)?.Items.FirstOrDefault();
            (double, double)? rescale = transform is not null && transform.TryGetDouble(DicomTags.RescaleSlope, out var slope)
                ? (slope, transform.TryGetDouble(DicomTags.RescaleIntercept, out var intercept) ? intercept : 0)
                : null;
            var content = groups.GetSequence(DicomTags.FrameContentSequence)?.Items.FirstOrDefault();
            frames.Add(new ImageFrame
            {
                SeriesInstanceUid = series,
                SopInstanceUid = sop,
                FrameNumber = i + 1,
                PixelFrameIndex = i,
                InstanceNumber = instance,
                Rows = rows,
                Columns = columns,
                Position = position,
                Orientation = orientation,
                Spacing = spacing,
                Thickness = measures is null ? 0 : ThicknessOf(measures),
                Diffusion = DiffusionReader.Read(d, groups),
                ImageType = groups.GetSequence(DicomTags.MRImageFrameTypeSequence)?.Items.FirstOrDefault()?.GetStrings(DicomTags.FrameType) is { Length: > 0 } type
                    ? type
                    : d.GetStrings(DicomTags.ImageType),
                StackId = content?.GetString(DicomTags.StackID)?.Trim(),
                FrameRescale = rescale,
            });
        }

        return new FrameReading(frames, null);
    }

    /// <summary>A frame's functional groups: its own items, and the shared ones it does not override (PS3.3 §C.7.6.16.1).</summary>
    private static DicomDataset Merge(DicomDataset image, DicomDataset perFrame, DicomDataset? shared)
    {
        if (shared is null)
        {
            return perFrame;
        }

        // The groups' items are adopted by the merged set, which keeps the image as its parent for text decoding.
        var merged = new DicomDataset(perFrame.Elements) { Parent = image };
        foreach (var element in shared.Elements)
        {
            if (!merged.Contains(element.Tag))
            {
                merged.Add(element);
            }
        }

        return merged;
    }

    private static double ThicknessOf(DicomDataset d) =>
        d.TryGetDouble(DicomTags.SpacingBetweenSlices, out var between) && between > 0 ? between
        : d.TryGetDouble(DicomTags.SliceThickness, out var thickness) && thickness > 0 ? thickness : 0;
}
