using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Imaging.Geometry;
using DicomNode.Reporting.Composite;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// Writes DICOM Segmentation objects (Segmentation Storage, PS3.3 A.51), BINARY and pixel-aligned with their source —
/// the source's rows and columns, one frame per segment and source slice that holds any of the segment's voxels, each
/// frame derived from exactly that slice. Per analysed series, one object of the bones and one of the lesions
/// (metastases and lymph nodes), each with Segments Overlap NO: a metastasis lies inside its bone, and viewers that
/// meet overlapping segments in one object (the OHIF/Cornerstone adapters) merge them and lose voxels.
/// </summary>
/// <remarks>
/// A series without a finding of one content gets no object of it: a SEG of zero frames is legal on paper but breaks
/// readers, and one empty frame would show an overlay with nothing in it. The SR still says what was found (nothing)
/// and lists the series in its evidence. Segments of one content that still share a voxel (a node the node model drew
/// into a metastasis) go to a further object of that content (<see cref="SegmentationPart.Pack"/>), never cut.
/// </remarks>
public sealed partial class SegmentationWriter
{
    private readonly ResultAuthor _author;

    public SegmentationWriter(NodeIdentity identity, AnalysisAlgorithms algorithms, DicomUidGenerator uids, TimeProvider? time = null) =>
        _author = ResultAuthor.Of(identity, algorithms, uids, time);

    /// <summary>
    /// The SEG objects of every series of <paramref name="study"/> in the study's series order, per series the bones
    /// first, then the lesions. A metastasis seen on two series carries the study's number and the same Tracking UID in
    /// both. When <see cref="OutputOptions.SeriesNumber"/> is given, the objects get it, it + 1, and so on.
    /// </summary>
    /// <param name="sources">The source of every series of the study (matched by Series Instance UID).</param>
    public IReadOnlyList<WrittenSegmentation> WriteAll(StudyFindings study, IReadOnlyList<SourceSeries> sources, OutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(sources);
        var tracking = new Dictionary<MetastasisFinding, (int Number, string Uid)>();
        foreach (var metastasis in study.Metastases)
        {
            var uid = _author.Uids.Generate();
            foreach (var finding in new[] { metastasis.OnDwi, metastasis.OnT1InPhase })
            {
                if (finding is not null)
                {
                    tracking[finding] = (metastasis.Number, uid);
                }
            }
        }

        var written = new List<WrittenSegmentation>();
        foreach (var series in study.Series)
        {
            var source = sources.FirstOrDefault(s => s.SeriesInstanceUid == series.SeriesInstanceUid)
                ?? throw new ArgumentException($"No source given for analysed series {series.SeriesInstanceUid}.", nameof(sources));
            written.AddRange(WriteSeries(series, source, options ?? new OutputOptions(), study.Thresholds, tracking, firstOffset: written.Count));
        }

        return written;
    }

    /// <summary>The SEG objects of one series (bones, then lesions); empty when the series has no finding at all.</summary>
    /// <param name="thresholds">Quoted in the lymph-node segments' descriptions; the defaults when null.</param>
    public IReadOnlyList<WrittenSegmentation> Write(SeriesFindings findings, SourceSeries source, OutputOptions? options = null, AnalysisThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(source);
        return WriteSeries(findings, source, options ?? new OutputOptions(), thresholds ?? new AnalysisThresholds(), tracking: null, firstOffset: 0);
    }

    private List<WrittenSegmentation> WriteSeries(
        SeriesFindings findings,
        SourceSeries source,
        OutputOptions options,
        AnalysisThresholds thresholds,
        IReadOnlyDictionary<MetastasisFinding, (int Number, string Uid)>? tracking,
        int firstOffset)
    {
        source.Validate();
        if (findings.SeriesInstanceUid != source.SeriesInstanceUid)
        {
            throw new ArgumentException($"The findings are of series {findings.SeriesInstanceUid}, the source is series {source.SeriesInstanceUid}.");
        }

        RequireSameGrid(findings.Geometry, source.Geometry, $"series {source.SeriesInstanceUid}");
        var (bones, lesions) = PlanSegments(findings, thresholds, tracking);
        var voxelCount = source.Geometry.VoxelCount;
        var parts = SegmentationPart.Pack(SegmentationContent.Bones, bones, voxelCount)
            .Concat(SegmentationPart.Pack(SegmentationContent.Lesions, lesions, voxelCount))
            .ToList();
        var written = new List<WrittenSegmentation>(parts.Count);
        for (var index = 0; index < parts.Count; index++)
        {
            var part = parts[index];
            var seriesNumber = options.SeriesNumber is { } first ? first + firstOffset + index : (int?)null;
            written.Add(WritePart(part, index, source, options with { SeriesNumber = seriesNumber }));
        }

        return written;
    }

    /// <summary>
    /// The default Series Number of the object at <paramref name="index"/> of a series (0 the bones, 1 the lesions,
    /// 2… further lesion objects): 1000 + the source's for the bones, 3000 + the source's for the lesions, 4000 + … for
    /// further objects; 2000 is the SR's.
    /// </summary>
    internal static int DefaultSeriesNumber(int index, int sourceNumber) => index == 0 ? 1000 + sourceNumber : 2000 + (1000 * index) + sourceNumber;

    private WrittenSegmentation WritePart(SegmentationPart part, int index, SourceSeries source, OutputOptions options)
    {
        var plans = part.Plans;
        for (var i = 0; i < plans.Count; i++)
        {
            plans[i].Number = i + 1;
        }

        var layout = FrameLayout.Create(plans, source.Geometry);
        if (layout.SegmentsOverlap)
        {
            throw new InvalidOperationException("Two segments of one SEG object share a voxel; the packing must have kept them apart.");
        }

        var sopInstanceUid = _author.Uids.Generate();
        var seriesInstanceUid = _author.Uids.Generate();
        var doc = new CompositeInstance(DicomUids.SegmentationStorage, sopInstanceUid, _author.Time.GetLocalNow());
        doc.CopyPatientAndStudy(source.Instance);
        var sourceNumber = source.Instance.TryGetInt32(DicomTags.SeriesNumber, out var n) ? n : 0;
        doc.SetSeries(
            "SEG",
            seriesInstanceUid,
            options.SeriesNumber ?? DefaultSeriesNumber(index, sourceNumber),
            CompositeInstance.QualifiedDescription(SeriesDescription(part, source, options), options.SeriesQualifier));
        doc.SetEquipment(_author.Identity);
        SetFrameOfReference(doc, source);
        SetImage(doc, source, options, layout, part);
        doc.Root.SetSequence(DicomTags.SegmentSequence, plans.Select(p => SegmentItem(doc, p)).ToArray());
        SetFunctionalGroups(doc, source, layout);
        SetDimensions(doc);
        SetCommonInstanceReference(doc, source);

        var reference = new SegmentationReference(
            sopInstanceUid,
            seriesInstanceUid,
            source.SeriesInstanceUid,
            Map<BoneFinding>(plans),
            Map<MetastasisFinding>(plans),
            Map<LymphNodeFinding>(plans));
        return new WrittenSegmentation(doc.ToFile(), reference) { Content = part.Content };
    }

    /// <summary>
    /// "AI bone segmentation of Ax DWI b800", "AI lesion segmentation of …", "AI lesion segmentation 2 of …"; with
    /// <see cref="OutputOptions.SeriesDescription"/> given, that text and "(bones)" / "(lesions)". The words that tell
    /// the objects apart come first, so the cut to 64 characters never takes them.
    /// </summary>
    private static string SeriesDescription(SegmentationPart part, SourceSeries source, OutputOptions options)
    {
        var what = part.Content == SegmentationContent.Bones ? "bone" : "lesion";
        var number = part.Part > 1 ? $" {part.Part}" : string.Empty;
        if (options.SeriesDescription is { } given)
        {
            return $"{given} ({what}s{number})";
        }

        var sourceDescription = source.Instance.GetString(DicomTags.SeriesDescription);
        return string.IsNullOrEmpty(sourceDescription)
            ? $"AI {what} segmentation{number}"
            : $"AI {what} segmentation{number} of {sourceDescription}";
    }

    private static Dictionary<T, SegmentReference> Map<T>(IEnumerable<SegmentPlan> plans)
        where T : notnull =>
        plans.Where(p => p.Finding is T).ToDictionary(p => (T)p.Finding, p => new SegmentReference(p.Number, p.Label, p.TrackingId, p.TrackingUid));

    private static void SetFrameOfReference(CompositeInstance doc, SourceSeries source)
    {
        // PS3.3 A.51: the SEG shares the frame of reference of the images it was derived from.
        doc.Root.SetUid(DicomTags.FrameOfReferenceUID, source.FrameOfReferenceUid);
        doc.Root.SetString(DicomTags.PositionReferenceIndicator, DicomVR.LO, source.Instance.GetString(DicomTags.PositionReferenceIndicator) ?? string.Empty);
    }

    /// <summary>General Image, Image Pixel, Segmentation Image and the common part of Multi-frame Functional Groups.</summary>
    private static void SetImage(CompositeInstance doc, SourceSeries source, OutputOptions options, FrameLayout layout, SegmentationPart part)
    {
        var root = doc.Root;
        root.SetStrings(DicomTags.ImageType, DicomVR.CS, ["DERIVED", "PRIMARY"]);
        root.SetIntegerStrings(DicomTags.InstanceNumber, options.InstanceNumber);
        root.SetDate(DicomTags.ContentDate, doc.Date);
        root.SetTime(DicomTags.ContentTime, doc.Time);
        // Image Comments (LT, up to 10240 characters): the notice, then what the result rests on less than the method asks.
        var comments = new[] { options.Notice }.Concat(options.Limitations).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (comments.Count > 0)
        {
            root.SetString(DicomTags.ImageComments, DicomVR.LT, CompositeInstance.Fit(string.Join(" ", comments.Select(c => c!.Trim().TrimEnd('.') + ".")), 10240));
        }

        // Segmentation Image (C.8.20.2). Content Creator's Name was Type 2 before the 2024 editions: sent empty.
        var bones = part.Content == SegmentationContent.Bones;
        root.SetString(DicomTags.ContentLabel, DicomVR.CS, (bones ? "AI_BONES" : "AI_LESIONS") + (part.Part > 1 ? $"_{part.Part}" : string.Empty));
        root.SetString(
            DicomTags.ContentDescription,
            DicomVR.LO,
            CompositeInstance.Fit(string.IsNullOrWhiteSpace(options.Notice) ? (bones ? "Pelvic bones" : "Bone metastases and lymph nodes") : options.Notice, 64));
        root.SetString(DicomTags.ContentCreatorName, DicomVR.PN, string.Empty);
        root.SetString(DicomTags.SegmentationType, DicomVR.CS, "BINARY");
        // SegmentationPart.Pack keeps every voxel in at most one segment of an object (checked in WritePart).
        root.SetString(DicomTags.SegmentsOverlap, DicomVR.CS, layout.SegmentsOverlap ? "YES" : "NO");
        root.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "00");

        // Image Pixel (C.7.6.3) for Bits Allocated 1: no Planar Configuration.
        root.SetUInt16(DicomTags.SamplesPerPixel, 1);
        root.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        root.SetUInt16(DicomTags.Rows, checked((ushort)source.Geometry.Rows));
        root.SetUInt16(DicomTags.Columns, checked((ushort)source.Geometry.Columns));
        root.SetUInt16(DicomTags.BitsAllocated, 1);
        root.SetUInt16(DicomTags.BitsStored, 1);
        root.SetUInt16(DicomTags.HighBit, 0);
        root.SetUInt16(DicomTags.PixelRepresentation, 0);
        root.SetIntegerStrings(DicomTags.NumberOfFrames, layout.Frames.Count);
        root.SetBytes(DicomTags.PixelData, DicomVR.OB, layout.Pixels.ToPixelData());
    }

    private static void SetCommonInstanceReference(CompositeInstance doc, SourceSeries source)
    {
        // PS3.3 C.12.2: required with Derivation Image; every source image once (a multi-frame image holds many
        // slices), all in this study (so no Studies Containing Other Referenced Instances Sequence).
        var series = doc.Item();
        series.SetUid(DicomTags.SeriesInstanceUID, source.SeriesInstanceUid);
        series.SetSequence(DicomTags.ReferencedInstanceSequence, source.SourceImages.Select(image => image.SopInstanceUid).Select(uid =>
        {
            var instance = doc.Item();
            instance.SetUid(DicomTags.ReferencedSOPClassUID, source.SopClassUid);
            instance.SetUid(DicomTags.ReferencedSOPInstanceUID, uid);
            return instance;
        }).ToArray());
        doc.Root.SetSequence(DicomTags.ReferencedSeriesSequence, series);
    }

    private static void RequireSameGrid(VolumeGeometry a, VolumeGeometry b, string what)
    {
        const double tolerance = 1e-3; // mm: the affine holds positions and spacing-scaled directions
        if (a.Columns != b.Columns || a.Rows != b.Rows || a.Slices != b.Slices
            || a.Affine.Zip(b.Affine).Any(p => Math.Abs(p.First - p.Second) > tolerance))
        {
            throw new ArgumentException(
                $"The findings of {what} are on a {a.Columns}×{a.Rows}×{a.Slices} grid that is not the source's {b.Columns}×{b.Rows}×{b.Slices} grid; a SEG is pixel-aligned with its source.");
        }
    }
}
