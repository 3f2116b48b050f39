using System.Text.Json;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Jobs;

/// <summary>
/// The default pipeline until the findings issue fills one in: records the series a job would analyse
/// in series.json in its folder, summarises them, and sends nothing.
/// </summary>
public sealed class RecordingPipeline : IAnalysisPipeline
{
    public const string RecordFileName = "series.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        var record = new
        {
            request.JobId,
            request.StudyInstanceUid,
            request.CallingAeTitle,
            Series = request.Series.Select(s => new { s.SeriesInstanceUid, s.Modality, Instances = s.Instances.Count }),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        await DurableFile.WriteAllBytesAsync(Path.Combine(request.OutputFolder, RecordFileName), bytes, cancellationToken).ConfigureAwait(false);
        var described = string.Join(", ", request.Series.Select(s => $"{s.Modality ?? "?"} {s.SeriesInstanceUid} ({s.Instances.Count})"));
        return new AnalysisOutcome(Array.Empty<string>(), $"recorded {request.Series.Count} series, nothing sent: {described}");
    }
}
