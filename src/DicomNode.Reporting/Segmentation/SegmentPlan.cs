using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Segmentation;

/// <summary>One segment before it is written: its description (Segment Description Macro) and its voxels.</summary>
/// <param name="Finding">The finding the segment shows (a bone, metastasis or lymph-node finding).</param>
/// <param name="TypeModifier">Laterality of a paired bone, nested in the type item.</param>
/// <param name="AnatomicRegion">Where a lesion lies (the bone), with <paramref name="AnatomicRegionModifier"/> its side.</param>
/// <param name="DisplayCieLab">Recommended Display CIELab Value, scaled (<see cref="CieLab.Scaled(byte, byte, byte, double)"/>).</param>
/// <param name="Voxels">Ascending voxel indices into the source grid.</param>
internal sealed record SegmentPlan(
    object Finding,
    string Label,
    string Description,
    CodedConcept Category,
    CodedConcept Type,
    CodedConcept? TypeModifier,
    CodedConcept? AnatomicRegion,
    CodedConcept? AnatomicRegionModifier,
    AlgorithmIdentity Algorithm,
    ushort[] DisplayCieLab,
    string TrackingId,
    string TrackingUid,
    int[] Voxels)
{
    public int Number { get; set; }
}
