using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DicomNode.Workflow.Jobs;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// The node's analysis as a job pipeline: every instance of the job's study goes through <see cref="StudyPipeline"/>;
/// the SEGs and the SR (or the report of why the study could not be analysed) are sent, and a study that could not be
/// analysed ends its job failed with the reason. The results' UIDs are derived from the job (<see cref="ResultUidSeed"/>),
/// so a job run again after a crash sends the same SOP Instance UIDs and a receiver sees duplicates, not a second result set.
/// </summary>
public sealed class StudyAnalysisPipeline(StudyPipeline pipeline) : IAnalysisPipeline
{
    public async Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var files = request.Series.SelectMany(s => s.Instances).Select(i => i.Path).ToList();
        StudyPipelineResult result = await pipeline.RunAsync(files, request.OutputFolder, ResultUidSeed(request), request.Outputs, cancellationToken).ConfigureAwait(false);

        // The study's volumes, scores and labels are garbage now: give their memory back to the system between jobs instead of
        // keeping the heap at the job's peak while the node waits for the next study (issue 23).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return new AnalysisOutcome(result.Files, result.Summary, result.FailureReason);
    }

    /// <summary>
    /// The job id, the study and a hash of the SOP Instance UIDs it analyses: the same for every run of one job, and
    /// different for a newer job of the study (which covers more instances).
    /// </summary>
    internal static string ResultUidSeed(AnalysisRequest request)
    {
        var inputs = string.Join('\n', request.Series.SelectMany(s => s.Instances).Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(inputs)));
        return string.Create(CultureInfo.InvariantCulture, $"dicomnode-results/{request.StudyInstanceUid}/job-{request.JobId}/{hash}");
    }
}
