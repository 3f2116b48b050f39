using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation.Plots;

/// <summary>One group of points on a panel (e.g. one sequence, or metastases), drawn in one colour.</summary>
internal sealed record PlotGroup(string Name, IReadOnlyList<BlandAltmanPoint> Points);
