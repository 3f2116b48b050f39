using System.Globalization;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Composite;

namespace DicomNode.Reporting.Segmentation;

/// <summary>The segments: which findings become which segment, and the Segment Description Macro of each.</summary>
public sealed partial class SegmentationWriter
{
    private static readonly (byte R, byte G, byte B) MetastasisColour = (230, 30, 30);
    private static readonly (byte R, byte G, byte B) NodeColour = (60, 190, 75);
    private static readonly (byte R, byte G, byte B) SuspiciousNodeColour = (255, 140, 0);

    /// <summary>
    /// The left bone of a pair is shown this much darker (CIE L*) than the right, same hue: left and right of one bone
    /// meet at the symphysis and the sacrum, and one colour for both hid where one ended. 20 units of L* is a difference
    /// any viewer's palette keeps.
    /// </summary>
    internal const double LeftLightnessOffset = -20;

    /// <summary>The short name of a sequence in labels and tracking identifiers, as the model manifest names it.</summary>
    internal static string SequenceName(Sequence sequence) => sequence switch
    {
        Sequence.Dwi => "DWI",
        Sequence.Adc => "ADC",
        Sequence.T1InPhase => "T1IP",
        _ => sequence.ToString(),
    };

    /// <summary>"left ilium", "sacrococcyx": where a lesion lies, for running text.</summary>
    internal static string Site(Bone bone, Side side) => BoneConcepts.Label(bone, side).ToLowerInvariant();

    /// <summary>
    /// The bone segments in the order given, and the lesion segments: metastases by number, then lymph nodes by number.
    /// A metastasis lies inside its bone, so bones and lesions go to separate SEG objects (overlap within one object
    /// makes viewers merge segments and lose voxels).
    /// </summary>
    private (List<SegmentPlan> Bones, List<SegmentPlan> Lesions) PlanSegments(
        SeriesFindings findings, AnalysisThresholds thresholds, IReadOnlyDictionary<MetastasisFinding, (int Number, string Uid)>? tracking)
    {
        var sequence = SequenceName(findings.Sequence);
        var plans = new List<SegmentPlan>();
        var lesions = new List<SegmentPlan>();
        foreach (var bone in findings.Bones)
        {
            var concept = BoneConcepts.For(bone.Bone);
            var label = BoneConcepts.Label(bone.Bone, bone.Side);
            plans.Add(new SegmentPlan(
                bone,
                label,
                Invariant($"{label} on {sequence}, {bone.VolumeCm3:0.0##} cm3"),
                Concepts.AnatomicalStructure,
                concept.Code,
                BoneConcepts.Laterality(bone.Side),
                null,
                null,
                _author.Algorithms.Bones,
                CieLab.Scaled(concept.Colour.R, concept.Colour.G, concept.Colour.B, bone.Side == Side.Left ? LeftLightnessOffset : 0),
                $"{label} ({sequence})",
                _author.Uids.Generate(),
                Voxels(bone.Region, findings, label)));
        }

        foreach (var metastasis in findings.Metastases.OrderBy(m => m.Number))
        {
            string label;
            string uid;
            if (tracking is null)
            {
                (label, uid) = ($"Bone metastasis {metastasis.Number}", _author.Uids.Generate());
            }
            else if (tracking.TryGetValue(metastasis, out var study))
            {
                (label, uid) = ($"Bone metastasis {study.Number}", study.Uid);
            }
            else
            {
                // Seen on this series but not part of the study verdict: numbered apart so it never shares a study number.
                (label, uid) = ($"Bone metastasis {sequence}-{metastasis.Number}", _author.Uids.Generate());
            }

            var adc = metastasis.MeanAdc is { } mean ? Invariant($", mean ADC {mean:0} um2/s") : string.Empty;
            lesions.Add(new SegmentPlan(
                metastasis,
                label,
                Invariant($"In the {Site(metastasis.Bone, metastasis.Side)} on {sequence}, {metastasis.VolumeCm3:0.0##} cm3{adc}"),
                Concepts.MorphologicallyAbnormalStructure,
                Concepts.NeoplasmSecondary,
                null,
                BoneConcepts.For(metastasis.Bone).Code,
                BoneConcepts.Laterality(metastasis.Side),
                _author.Algorithms.MetastasesOn(findings.Sequence),
                CieLab.Scaled(MetastasisColour.R, MetastasisColour.G, MetastasisColour.B),
                label,
                uid,
                Voxels(metastasis.Region, findings, label)));
        }

        foreach (var node in findings.Nodes.OrderBy(n => n.Number))
        {
            var trackingId = $"Lymph node {node.Number}";
            var side = node.Side switch { Side.Left => "left", Side.Right => "right", _ => "midline" };
            var verdict = node.Suspicious
                ? Invariant($"suspicious: short axis above {thresholds.SuspiciousShortAxisMm:0.#} mm")
                : Invariant($"not suspicious: short axis at most {thresholds.SuspiciousShortAxisMm:0.#} mm");
            var nearest = NearestBone(node, findings) is { } near
                ? Invariant($", nearest bone the {Site(near.Bone.Bone, near.Bone.Side)} ({near.DistanceMm:0} mm)")
                : string.Empty;
            var label = $"{trackingId}, {side}";
            lesions.Add(new SegmentPlan(
                node,
                node.Suspicious ? label + " (suspicious)" : label,
                Invariant($"Lymph node, {side} of the midline{nearest}; short axis {Measurement.FormatMm(node.ShortAxisMm)} mm, long axis {Measurement.FormatMm(node.LongAxisMm)} mm, {node.VolumeCm3:0.0##} cm3; {verdict}"),
                Concepts.AnatomicalStructure,
                Concepts.LymphNode,
                BoneConcepts.Laterality(node.Side),
                null,
                null,
                _author.Algorithms.Nodes,
                node.Suspicious ? CieLab.Scaled(SuspiciousNodeColour.R, SuspiciousNodeColour.G, SuspiciousNodeColour.B) : CieLab.Scaled(NodeColour.R, NodeColour.G, NodeColour.B),
                trackingId,
                _author.Uids.Generate(),
                Voxels(node.Region, findings, trackingId)));
        }

        return (plans, lesions);
    }

    /// <summary>The bone finding of the series with a voxel centre nearest the node's centroid, and that distance (mm).</summary>
    private static (BoneFinding Bone, double DistanceMm)? NearestBone(LymphNodeFinding node, SeriesFindings findings)
    {
        (BoneFinding Bone, double DistanceMm)? best = null;
        var g = findings.Geometry;
        var plane = g.Columns * g.Rows;
        foreach (var bone in findings.Bones)
        {
            var nearest = double.PositiveInfinity;
            foreach (var v in bone.Region.Voxels)
            {
                var k = v / plane;
                var j = (v - (k * plane)) / g.Columns;
                var p = g.ToPatient(v - (k * plane) - (j * g.Columns), j, k);
                double dx = p.X - node.CentroidLps.X, dy = p.Y - node.CentroidLps.Y, dz = p.Z - node.CentroidLps.Z;
                nearest = Math.Min(nearest, (dx * dx) + (dy * dy) + (dz * dz));
            }

            if (best is null || nearest < best.Value.DistanceMm * best.Value.DistanceMm)
            {
                best = (bone, Math.Sqrt(nearest));
            }
        }

        return best;
    }

    /// <summary>The Segment Sequence item of a planned segment (Segment Description Macro, PS3.3 C.8.20.2).</summary>
    private static DicomDataset SegmentItem(CompositeInstance doc, SegmentPlan plan)
    {
        var item = doc.Item();
        item.SetUInt16(DicomTags.SegmentNumber, checked((ushort)plan.Number));
        item.SetString(DicomTags.SegmentLabel, DicomVR.LO, CompositeInstance.Fit(plan.Label, 64));
        item.SetString(DicomTags.SegmentDescription, DicomVR.ST, CompositeInstance.Fit(plan.Description, 1024));
        item.SetString(DicomTags.SegmentAlgorithmType, DicomVR.CS, "AUTOMATIC");
        item.SetString(DicomTags.SegmentAlgorithmName, DicomVR.LO, CompositeInstance.Fit(plan.Algorithm.Name, 64));

        // Algorithm Identification Macro: family from CID 7162.
        var algorithm = doc.Item();
        doc.SetCode(algorithm, DicomTags.AlgorithmFamilyCodeSequence, Concepts.ArtificialIntelligence);
        algorithm.SetString(DicomTags.AlgorithmName, DicomVR.LO, CompositeInstance.Fit(plan.Algorithm.Name, 64));
        algorithm.SetString(DicomTags.AlgorithmVersion, DicomVR.LO, CompositeInstance.Fit(plan.Algorithm.Version, 64));
        if (!string.IsNullOrWhiteSpace(plan.Algorithm.Parameters))
        {
            algorithm.SetString(DicomTags.AlgorithmParameters, DicomVR.LT, plan.Algorithm.Parameters);
        }

        item.SetSequence(DicomTags.SegmentationAlgorithmIdentificationSequence, algorithm);
        doc.SetCode(item, DicomTags.SegmentedPropertyCategoryCodeSequence, plan.Category);

        var type = doc.Code(plan.Type);
        if (plan.TypeModifier is { } modifier)
        {
            doc.SetCode(type, DicomTags.SegmentedPropertyTypeModifierCodeSequence, modifier);
        }

        item.SetSequence(DicomTags.SegmentedPropertyTypeCodeSequence, type);
        if (plan.AnatomicRegion is { } region)
        {
            var regionItem = doc.Code(region);
            if (plan.AnatomicRegionModifier is { } side)
            {
                doc.SetCode(regionItem, DicomTags.AnatomicRegionModifierSequence, side);
            }

            item.SetSequence(DicomTags.AnatomicRegionSequence, regionItem);
        }

        item.SetUInt16(DicomTags.RecommendedDisplayCIELabValue, plan.DisplayCieLab);
        // Tracking ID is UT (PS3.6), not LO as one might expect.
        item.SetString(DicomTags.TrackingID, DicomVR.UT, plan.TrackingId);
        item.SetUid(DicomTags.TrackingUID, plan.TrackingUid);
        return item;
    }

    /// <summary>The region's voxels, checked against the series grid, ascending and without repeats.</summary>
    private static int[] Voxels(Region region, SeriesFindings findings, string what)
    {
        RequireSameGrid(region.Geometry, findings.Geometry, what);
        var voxels = region.Voxels;
        var count = findings.Geometry.VoxelCount;
        var ascending = true;
        for (var i = 0; i < voxels.Length; i++)
        {
            if ((uint)voxels[i] >= (uint)count)
            {
                throw new ArgumentException($"{what}: voxel index {voxels[i]} lies outside the grid of {count} voxels.");
            }

            ascending &= i == 0 || voxels[i] > voxels[i - 1];
        }

        if (voxels.Length == 0)
        {
            throw new ArgumentException($"{what}: the region has no voxels; a finding is a non-empty set of voxels.");
        }

        return ascending ? voxels : voxels.Distinct().Order().ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
