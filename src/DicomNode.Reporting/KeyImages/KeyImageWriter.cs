using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Composite;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.KeyImages;

/// <summary>
/// Writes the key images of a study as one Secondary Capture series (Secondary Capture Image Storage, PS3.3 A.8.1),
/// one RGB instance per image: each metastasis and suspicious lymph node at its largest extent and a bone overview,
/// outlines, labels and the notice burned in (see <see cref="KeyImagePlanner"/>).
/// </summary>
/// <remarks>
/// Why single-frame SC: it is the SOP class every PACS and viewer stores and shows, older than the multi-frame true
/// colour SC (A.8.5), which some archives still refuse or show as one stack. Modality is OT: PS3.3 C.8.6.1 lets the SC
/// Equipment module give the source equipment's modality, but these are pictures made by the node, not MR images, and
/// an MR hanging protocol (window, sorting by position) applied to them would misplace them.
/// </remarks>
public sealed class KeyImageWriter
{
    private readonly NodeIdentity _identity;
    private readonly DicomUidGenerator _uids;
    private readonly TimeProvider _time;

    public KeyImageWriter(NodeIdentity identity, DicomUidGenerator uids, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(uids);
        identity.Validate();
        _identity = identity;
        _uids = uids;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The key images of <paramref name="study"/>, in the order metastases, suspicious nodes, bone overview; empty when
    /// there is nothing to show (no series with a finding). Series Number: <see cref="OutputOptions.SeriesNumber"/>, else 3000.
    /// </summary>
    /// <param name="sources">Each analysed series with its voxels, matched to the findings by Series Instance UID.</param>
    public IReadOnlyList<WrittenKeyImage> WriteAll(StudyFindings study, IReadOnlyList<KeyImageSource> sources, OutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(sources);
        options ??= new OutputOptions();
        foreach (var source in sources)
        {
            source.Series.Validate();
            var (a, b) = (source.Series.Geometry, source.Volume.Geometry);
            if ((a.Columns, a.Rows, a.Slices) != (b.Columns, b.Rows, b.Slices) || source.Volume.Voxels.Length != b.VoxelCount)
            {
                throw new ArgumentException($"Series {source.Series.SeriesInstanceUid}: the volume's grid is not the source's; give the volume the source was made from.", nameof(sources));
            }
        }

        var views = KeyImagePlanner.Plan(study, sources, options.Notice);
        if (views.Count == 0)
        {
            return [];
        }

        // The pictures are drawn side by side (each on a canvas of its own); the instances are then made in the views'
        // order, so their UIDs and numbers do not depend on which picture was ready first.
        var pictures = new RenderedImage[views.Count];
        Parallel.For(0, views.Count, v => pictures[v] = KeyImageRenderer.Render(views[v].Scene));
        var seriesInstanceUid = _uids.Generate();
        var written = new List<WrittenKeyImage>();
        for (var v = 0; v < views.Count; v++)
        {
            var file = Write(pictures[v], views[v], sources[views[v].SourceIndex].Series, seriesInstanceUid, options, written.Count + 1);
            written.Add(new WrittenKeyImage(file, views[v].Scene.Title, pictures[v]));
        }

        return written;
    }

    private DicomFile Write(RenderedImage picture, KeyImageView view, SourceSeries source, string seriesInstanceUid, OutputOptions options, int instanceNumber)
    {
        var doc = new CompositeInstance(DicomUids.SecondaryCaptureImageStorage, _uids.Generate(), _time.GetLocalNow());
        doc.CopyPatientAndStudy(source.Instance);
        doc.SetSeries(
            "OT",
            seriesInstanceUid,
            options.SeriesNumber ?? 3000,
            CompositeInstance.QualifiedDescription(options.SeriesDescription ?? "AI key images", options.SeriesQualifier));
        doc.SetEquipment(_identity);
        var root = doc.Root;

        // SC Equipment (C.8.6.1): made on a workstation from digital images.
        root.SetString(DicomTags.ConversionType, DicomVR.CS, "WSD");
        root.SetString(DicomTags.SecondaryCaptureDeviceManufacturer, DicomVR.LO, CompositeInstance.Fit(_identity.Manufacturer, 64));
        root.SetString(DicomTags.SecondaryCaptureDeviceManufacturerModelName, DicomVR.LO, CompositeInstance.Fit(_identity.ManufacturerModelName, 64));
        root.SetString(DicomTags.SecondaryCaptureDeviceSoftwareVersions, DicomVR.LO, CompositeInstance.Fit(_identity.SoftwareVersions, 64));

        // General Image (C.7.6.1) and General Reference (C.12.4).
        root.SetStrings(DicomTags.ImageType, DicomVR.CS, ["DERIVED", "SECONDARY"]);
        root.SetIntegerStrings(DicomTags.InstanceNumber, instanceNumber);
        root.SetStrings(DicomTags.PatientOrientation, DicomVR.CS, [
            KeyImageRenderer.Direction(source.Geometry.Direction(0)),
            KeyImageRenderer.Direction(source.Geometry.Direction(1)),
        ]);
        root.SetDate(DicomTags.ContentDate, doc.Date);
        root.SetTime(DicomTags.ContentTime, doc.Time);

        // The pelvis is not a paired body part (U); with Image Laterality the series needs no Laterality (C.7.3.1, 2C).
        root.SetString(DicomTags.ImageLaterality, DicomVR.CS, "U");
        root.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES");
        root.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "00");
        root.SetString(DicomTags.DerivationDescription, DicomVR.ST, CompositeInstance.Fit(
            $"{view.Scene.Title}: source slice rendered in grey, outlines and labels of the AI findings burned in", 1024));
        var comments = new[] { options.Notice }.Concat(options.Limitations).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (comments.Count > 0)
        {
            root.SetString(DicomTags.ImageComments, DicomVR.LT, CompositeInstance.Fit(string.Join(" ", comments.Select(c => c!.Trim().TrimEnd('.') + ".")), 10240));
        }

        var reference = doc.Item();
        reference.SetUid(DicomTags.ReferencedSOPClassUID, source.SopClassUid);
        reference.SetUid(DicomTags.ReferencedSOPInstanceUID, source.SliceInstanceUids[view.Slice]);
        if (source.FrameNumberOf(view.Slice) is { } frame)
        {
            reference.SetIntegerStrings(DicomTags.ReferencedFrameNumber, frame);
        }

        doc.SetCode(reference, DicomTags.PurposeOfReferenceCodeSequence, Concepts.SourceImageForImageProcessingOperation);
        root.SetSequence(DicomTags.SourceImageSequence, reference);

        // SC Image (C.8.6.2).
        root.SetDate(DicomTags.DateOfSecondaryCapture, doc.Date);
        root.SetTime(DicomTags.TimeOfSecondaryCapture, doc.Time);

        // Image Pixel (C.7.6.3): RGB, colour-by-pixel, 8 bits; the pixel data is even-length (rows are even).
        root.SetUInt16(DicomTags.SamplesPerPixel, 3);
        root.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "RGB");
        root.SetUInt16(DicomTags.PlanarConfiguration, 0);
        root.SetUInt16(DicomTags.Rows, checked((ushort)picture.Height));
        root.SetUInt16(DicomTags.Columns, checked((ushort)picture.Width));
        root.SetUInt16(DicomTags.BitsAllocated, 8);
        root.SetUInt16(DicomTags.BitsStored, 8);
        root.SetUInt16(DicomTags.HighBit, 7);
        root.SetUInt16(DicomTags.PixelRepresentation, 0);
        var pixels = picture.Rgb.Length % 2 == 0 ? picture.Rgb : [.. picture.Rgb, 0];
        root.SetBytes(DicomTags.PixelData, DicomVR.OB, pixels);
        return doc.ToFile();
    }
}
