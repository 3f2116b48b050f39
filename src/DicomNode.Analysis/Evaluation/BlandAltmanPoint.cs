namespace DicomNode.Analysis.Evaluation;

/// <summary>One measurement pair on a Bland–Altman plot: the mean of the two methods and their difference (method − reference).</summary>
public readonly record struct BlandAltmanPoint(double Mean, double Difference);
