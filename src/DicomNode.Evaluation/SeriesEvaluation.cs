using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation;

/// <summary>One analysed series of a subject, compared with the truth on its own grid.</summary>
/// <param name="Nodes">All-node detection; null unless this is the DWI (the node model's input).</param>
/// <param name="SuspiciousNodes">Suspicious-node detection; null unless this is the DWI.</param>
internal sealed record SeriesEvaluation(
    string Sequence,
    string Folder,
    IReadOnlyList<LabelComparison> Bones,
    DetectionCounts Metastases,
    DetectionCounts? Nodes,
    DetectionCounts? SuspiciousNodes,
    IReadOnlyList<VolumePair> MetastasisVolumes,
    IReadOnlyList<VolumePair> NodeVolumes);
