namespace DicomNode.Evaluation;

/// <summary>A predicted and a true volume of the same structure (cm³), for Bland–Altman.</summary>
/// <param name="Structure">What was measured, e.g. "phantom-0003 4_Ax_DWI_b800 metastasis 2".</param>
internal sealed record VolumePair(string Sequence, string Structure, double PredictedCm3, double TruthCm3);
