using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;

using DicomNode.Reporting.Composite;

namespace DicomNode.Reporting.StructuredReport;

/// <summary>
/// Two measurement groups per bone, metastasis and lymph node, with one tracking identifier and UID: a TID 1411
/// Volumetric ROI group that references the SEG segment and holds the measurements, and a TID 1410 Planar ROI group
/// whose Image Region is the finding's outline on its largest slice, SELECTED FROM that source image. TID 1411 allows
/// an Image Region or a Referenced Segment, not both (rows 5 and 7 exclude each other); viewers that draw SR content
/// (OHIF) need a SCOORD in every measurement, and merge the groups of one Tracking Unique Identifier into one.
/// A finding segmented on a series that holds other images too (DWI with b0 and b800) has its region selected from
/// the image at the same position of a series on the same voxel grid that holds nothing else (the ADC map), when the
/// study has one: the outline's pixel coordinates are the same there (<see cref="SourceSeries.HoldsOtherImages"/>).
/// </summary>
public sealed partial class MeasurementReportWriter
{
    private List<DicomDataset> MeasurementGroups(
        ContentItemBuilder content, StudyFindings study, IReadOnlyList<SourceSeries> sources, IReadOnlyList<SegmentationReference> segmentations)
    {
        // Metastases, lymph nodes, then bones: a viewer that opens the report on its first measurement (OHIF's SR
        // viewport) shows a finding that matters, and the bones' outlines come after them.
        var groups = new List<DicomDataset>();
        var sourceOf = sources.ToDictionary(s => s.SeriesInstanceUid, s => RegionSource(s, sources), StringComparer.Ordinal);
        foreach (var metastasis in study.Metastases.OrderBy(m => m.Number))
        {
            var primary = metastasis.Primary;
            var (seg, segment) = Find(segmentations, s => s.Metastases.GetValueOrDefault(primary), $"bone metastasis {metastasis.Number}");
            var items = new List<DicomDataset>
            {
                content.Num(ContentItemBuilder.Contains, Concepts.Volume, primary.VolumeCm3, Concepts.CubicCentimeter, 3),
            };
            // The ADC map shares the DWI's grid: a lesion measured on T1 in-phase takes its mean ADC from the DWI finding.
            if ((primary.MeanAdc ?? metastasis.OnDwi?.MeanAdc) is { } adc)
            {
                items.Add(content.Num(
                    ContentItemBuilder.Contains,
                    Concepts.ApparentDiffusionCoefficient,
                    adc,
                    Concepts.SquareMicrometerPerSecond,
                    1,
                    content.Code(ContentItemBuilder.HasConceptMod, Concepts.Derivation, Concepts.Mean)));
            }

            var seenOn = new[] { (metastasis.OnDwi, Sequence.Dwi), (metastasis.OnT1InPhase, Sequence.T1InPhase) }
                .Where(x => x.Item1 is not null)
                .Select(x => SegmentationWriter.SequenceName(x.Item2))
                .ToList();
            var primarySequence = primary == metastasis.OnT1InPhase ? Sequence.T1InPhase : Sequence.Dwi;
            var measuredOn = SegmentationWriter.SequenceName(primarySequence);
            items.Add(content.Text(
                ContentItemBuilder.Contains,
                Concepts.Comment,
                $"Seen on {string.Join(" and ", seenOn)}; measured on {measuredOn}, in the {SegmentationWriter.Site(primary.Bone, primary.Side)}."));
            var algorithm = _author.Algorithms.MetastasesOn(primarySequence);
            groups.Add(Group(content, segment, seg, Concepts.NeoplasmSecondary, FindingSite(content, primary.Bone, primary.Side), algorithm, items));
            groups.AddRange(PlanarGroup(
                content, segment, Concepts.NeoplasmSecondary, FindingSite(content, primary.Bone, primary.Side), algorithm, primary.Region, sourceOf[seg.SourceSeriesInstanceUid]));
        }

        foreach (var node in study.Nodes.OrderBy(n => n.Number))
        {
            var (seg, segment) = Find(segmentations, s => s.Nodes.GetValueOrDefault(node), $"lymph node {node.Number}");
            groups.Add(Group(content, segment, seg, Concepts.LymphNode, NodeSite(content, node.Side), _author.Algorithms.Nodes,
            [
                content.Num(ContentItemBuilder.Contains, Concepts.Volume, node.VolumeCm3, Concepts.CubicCentimeter, 3),
                content.Num(ContentItemBuilder.Contains, Concepts.ShortAxis, node.ShortAxisMm, Concepts.Millimeter, 1),
                content.Num(ContentItemBuilder.Contains, Concepts.LongAxis, node.LongAxisMm, Concepts.Millimeter, 1),
                content.Code(ContentItemBuilder.Contains, Concepts.LocalScheme.SuspiciousLymphNode, node.Suspicious ? Concepts.Yes : Concepts.No),
            ]));
            groups.AddRange(PlanarGroup(content, segment, Concepts.LymphNode, NodeSite(content, node.Side), _author.Algorithms.Nodes, node.Region, sourceOf[seg.SourceSeriesInstanceUid]));
        }

        foreach (var series in study.Series)
        {
            foreach (var bone in series.Bones)
            {
                var (seg, segment) = Find(segmentations, s => s.Bones.GetValueOrDefault(bone), BoneConcepts.Label(bone.Bone, bone.Side));
                var code = BoneConcepts.For(bone.Bone).Code;
                groups.Add(Group(
                    content,
                    segment,
                    seg,
                    code,
                    FindingSite(content, bone.Bone, bone.Side),
                    _author.Algorithms.Bones,
                    [content.Num(ContentItemBuilder.Contains, Concepts.Volume, bone.VolumeCm3, Concepts.CubicCentimeter, 3)]));
                groups.AddRange(PlanarGroup(content, segment, code, FindingSite(content, bone.Bone, bone.Side), _author.Algorithms.Bones, bone.Region, sourceOf[series.SeriesInstanceUid]));
            }
        }

        return groups;
    }

    /// <summary>
    /// One TID 1411 group, in the template's row order: tracking identifier and UID (the segment's own, so SEG and SR
    /// name the finding alike), finding, finding site, algorithm (TID 4019), the referenced segment, the source series,
    /// then measurements and evaluations.
    /// </summary>
    private static DicomDataset Group(
        ContentItemBuilder content,
        SegmentReference segment,
        SegmentationReference seg,
        CodedConcept finding,
        DicomDataset? findingSite,
        AlgorithmIdentity algorithm,
        IEnumerable<DicomDataset> measurements)
    {
        var items = new List<DicomDataset>
        {
            content.Text(ContentItemBuilder.HasObsContext, Concepts.TrackingIdentifier, segment.TrackingId),
            content.UidRef(ContentItemBuilder.HasObsContext, Concepts.TrackingUniqueIdentifier, segment.TrackingUid),
            content.Code(ContentItemBuilder.Contains, Concepts.Finding, finding),
        };
        if (findingSite is not null)
        {
            items.Add(findingSite);
        }

        items.AddRange(Algorithm(content, algorithm));
        items.Add(content.Image(ContentItemBuilder.Contains, Concepts.ReferencedSegment, DicomUids.SegmentationStorage, seg.SopInstanceUid, segment.Number));
        items.Add(content.UidRef(ContentItemBuilder.Contains, Concepts.SourceSeriesForSegmentation, seg.SourceSeriesInstanceUid));
        items.AddRange(measurements);
        return content.Container(ContentItemBuilder.Contains, Concepts.MeasurementGroup, items);
    }

    /// <summary>
    /// The TID 1410 group of a finding: the same tracking identifier and UID as its TID 1411 group, the finding, the
    /// algorithm, the Image Region (the closed outline of the largest part on the largest slice, in the source image's
    /// pixel coordinates, SELECTED FROM that image and frame) and its area. None for an empty region.
    /// </summary>
    private static IEnumerable<DicomDataset> PlanarGroup(
        ContentItemBuilder content, SegmentReference segment, CodedConcept finding, DicomDataset? findingSite, AlgorithmIdentity algorithm, Region region, SourceSeries source)
    {
        if (RegionOutline.Of(region) is not { } outline)
        {
            yield break;
        }

        var frame = source.FrameNumberOf(outline.Slice);
        var image = content.Image(
            ContentItemBuilder.SelectedFrom, null, source.SopClassUid, source.SliceInstanceUids[outline.Slice], frames: frame is { } f ? [f] : null);
        var (spacingI, spacingJ, _) = region.Geometry.Spacing;
        var items = new List<DicomDataset>
        {
            content.Text(ContentItemBuilder.HasObsContext, Concepts.TrackingIdentifier, segment.TrackingId),
            content.UidRef(ContentItemBuilder.HasObsContext, Concepts.TrackingUniqueIdentifier, segment.TrackingUid),
            content.Code(ContentItemBuilder.Contains, Concepts.Finding, finding),
        };
        items.AddRange(Algorithm(content, algorithm));
        items.Add(content.Scoord(ContentItemBuilder.Contains, Concepts.ImageRegion, "POLYLINE", outline.Points, image));
        if (findingSite is not null)
        {
            items.Add(findingSite);
        }

        items.Add(content.Num(ContentItemBuilder.Contains, Concepts.Area, outline.PixelCount * spacingI * spacingJ, Concepts.SquareMillimeter, 1));
        yield return content.Container(ContentItemBuilder.Contains, Concepts.MeasurementGroup, items);
    }

    /// <summary>Largest corner distance (mm) at which two series count as one voxel grid.</summary>
    private const double SameGridMm = 0.01;

    /// <summary>
    /// The series a region on <paramref name="source"/>'s grid is selected from: itself, or for a series that holds
    /// other images too, one of the same frame of reference and voxel grid that holds only its volume.
    /// </summary>
    private static SourceSeries RegionSource(SourceSeries source, IReadOnlyList<SourceSeries> sources) =>
        !source.HoldsOtherImages
            ? source
            : sources.FirstOrDefault(other =>
                !other.HoldsOtherImages
                && string.Equals(other.FrameOfReferenceUid, source.FrameOfReferenceUid, StringComparison.Ordinal)
                && other.Geometry.CornerDistanceMm(source.Geometry) <= SameGridMm) ?? source;

    /// <summary>TID 4019 for a model: name, version and its parameters.</summary>
    private static IEnumerable<DicomDataset> Algorithm(ContentItemBuilder content, AlgorithmIdentity algorithm) =>
        AlgorithmIdentification(content, ContentItemBuilder.HasConceptMod, algorithm.Name, algorithm.Version, algorithm.Parameters is { } p ? [p] : []);

    /// <summary>Finding Site = the bone, with its Laterality nested under it for a paired bone (highdicom's FindingSite shape).</summary>
    private static DicomDataset FindingSite(ContentItemBuilder content, Bone bone, Side side)
    {
        var laterality = BoneConcepts.Laterality(side) is { } code
            ? new[] { content.Code(ContentItemBuilder.HasConceptMod, Concepts.Laterality, code) }
            : [];
        return content.Code(ContentItemBuilder.HasConceptMod, Concepts.FindingSite, BoneConcepts.For(bone).Code, laterality);
    }

    /// <summary>Finding Site of a lymph node: pelvic lymph node, with the side of the node's voxels as Laterality (none on the midline).</summary>
    private static DicomDataset NodeSite(ContentItemBuilder content, Side side)
    {
        var laterality = BoneConcepts.Laterality(side) is { } code
            ? new[] { content.Code(ContentItemBuilder.HasConceptMod, Concepts.Laterality, code) }
            : [];
        return content.Code(ContentItemBuilder.HasConceptMod, Concepts.FindingSite, Concepts.PelvicLymphNode, laterality);
    }

    private static (SegmentationReference Seg, SegmentReference Segment) Find(
        IReadOnlyList<SegmentationReference> segmentations, Func<SegmentationReference, SegmentReference?> lookup, string what)
    {
        foreach (var seg in segmentations)
        {
            if (lookup(seg) is { } segment)
            {
                return (seg, segment);
            }
        }

        throw new ArgumentException($"No SEG segment was given for the {what}; write the SEGs first and pass their references.", nameof(segmentations));
    }
}
