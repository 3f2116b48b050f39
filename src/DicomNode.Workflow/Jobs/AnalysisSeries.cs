namespace DicomNode.Workflow.Jobs;

/// <summary>One series of the study, with the files of its instances (in arrival order).</summary>
public sealed record AnalysisSeries(string SeriesInstanceUid, string? Modality, IReadOnlyList<AnalysisInstance> Instances);
