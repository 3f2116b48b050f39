namespace DicomNode.Workflow.Jobs;

/// <summary>
/// The one place the analysis plugs in. A job calls it once per run with the study's series; it writes
/// the objects to send (SEG, SR, …) into <see cref="AnalysisRequest.OutputFolder"/> and lists them. It
/// may run again for the same job after a crash or a retry (the output folder is emptied first). Throwing
/// fails the job with the exception's message; cancellation leaves the job to run again at the next start.
/// </summary>
public interface IAnalysisPipeline
{
    Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken);
}
