using DicomNode.Workflow.Jobs;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// The node's analysis as a job pipeline: every instance of the job's study goes through <see cref="StudyPipeline"/>;
/// the SEGs and the SR (or the report of why the study could not be analysed) are sent, and a study that could not be
/// analysed ends its job failed with the reason.
/// </summary>
public sealed class StudyAnalysisPipeline(StudyPipeline pipeline) : IAnalysisPipeline
{
    public async Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var files = request.Series.SelectMany(s => s.Instances).Select(i => i.Path).ToList();
        StudyPipelineResult result = await pipeline.RunAsync(files, request.OutputFolder, cancellationToken).ConfigureAwait(false);
        return new AnalysisOutcome(result.Files, result.Summary, result.FailureReason);
    }
}
