using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Jobs;

/// <summary>What a job asks the pipeline to analyse.</summary>
/// <param name="OutputFolder">jobs/&lt;id&gt;/, empty and existing; the outputs go here.</param>
public sealed record AnalysisRequest(
    long JobId,
    string StudyInstanceUid,
    string CallingAeTitle,
    IReadOnlyList<AnalysisSeries> Series,
    string OutputFolder)
{
    /// <summary>The kinds of result to write (every destination's profile together); the job sends each destination only its own.</summary>
    public ResultOutputs Outputs { get; init; } = ResultOutputs.Default;
}
