using DicomNode.Analysis.Findings;

namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// What the SR needs of a written SEG: its UIDs, the series it was derived from, and the segment of each finding.
/// Findings are looked up by record equality, so the very instances given to the SEG writer (or equal copies) find
/// their segment.
/// </summary>
public sealed record SegmentationReference(
    string SopInstanceUid,
    string SeriesInstanceUid,
    string SourceSeriesInstanceUid,
    IReadOnlyDictionary<BoneFinding, SegmentReference> Bones,
    IReadOnlyDictionary<MetastasisFinding, SegmentReference> Metastases,
    IReadOnlyDictionary<LymphNodeFinding, SegmentReference> Nodes)
{
    /// <summary>How many segments the SEG holds.</summary>
    public int SegmentCount => Bones.Count + Metastases.Count + Nodes.Count;
}
