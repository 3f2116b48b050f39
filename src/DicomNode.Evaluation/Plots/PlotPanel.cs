using DicomNode.Analysis.Evaluation;

namespace DicomNode.Evaluation.Plots;

/// <summary>One Bland–Altman panel: its title, its point groups, and the analysis over all of its points.</summary>
internal sealed record PlotPanel(string Title, IReadOnlyList<PlotGroup> Groups, BlandAltmanAnalysis Analysis);
