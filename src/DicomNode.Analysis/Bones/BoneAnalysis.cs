using DicomNode.Analysis.Findings;

namespace DicomNode.Analysis.Bones;

/// <summary>The outcome of bone post-processing on one series.</summary>
/// <param name="Labels">The kept components with their bone labels (1–8), 0 elsewhere; the mask the metastasis analysis works inside.</param>
/// <param name="Findings">One finding per kept component, by bone label, right before left.</param>
/// <param name="MidlineX">The patient X (LPS, mm) that split left from right; NaN when no bone was found.</param>
internal sealed record BoneAnalysis(byte[] Labels, IReadOnlyList<BoneFinding> Findings, double MidlineX);
