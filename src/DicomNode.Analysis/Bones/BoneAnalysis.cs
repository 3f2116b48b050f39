using DicomNode.Analysis.Findings;

namespace DicomNode.Analysis.Bones;

/// <summary>The outcome of bone post-processing on one series.</summary>
/// <param name="Labels">The kept components with their bone labels (1–8), 0 elsewhere; the mask the metastasis analysis works inside.</param>
/// <param name="Findings">One finding per kept component, by bone label, right before left.</param>
/// <param name="Midline">The patient's mid-sagittal plane that split left from right; lesions and nodes take their sides from it.</param>
internal sealed record BoneAnalysis(byte[] Labels, IReadOnlyList<BoneFinding> Findings, Midline Midline);
