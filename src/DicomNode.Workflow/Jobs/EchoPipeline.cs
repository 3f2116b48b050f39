using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Jobs;

/// <summary>
/// A demonstration pipeline for checking the round trip before analysis models are in place: for each
/// series it returns a copy of its first instance as a new derived series ("DicomNode echo result").
/// The result UIDs are derived from the source UIDs, so a job run again after a crash produces the
/// very same instances — a destination receives each result once per SOP Instance UID.
/// </summary>
public sealed class EchoPipeline(TimeSpan delay) : IAnalysisPipeline
{
    public async Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            // Stands in for inference time, so that operators (and tests) can see a job running.
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        var files = new List<string>();
        foreach (var series in request.Series)
        {
            var first = series.Instances.FirstOrDefault();
            if (first is null)
            {
                continue;
            }

            var file = Part10Reader.ReadFile(first.Path);
            var dataset = file.Dataset.Clone();
            dataset.SetUid(DicomTags.SeriesInstanceUID, DerivedUid(series.SeriesInstanceUid, "series"))
                .SetUid(DicomTags.SOPInstanceUID, DerivedUid(first.SopInstanceUid, "instance"))
                .SetString(DicomTags.SeriesDescription, DicomVR.LO, "DicomNode echo result (demonstration)")
                .SetIntegerStrings(DicomTags.SeriesNumber, 9900)
                .SetStrings(DicomTags.ImageType, DicomVR.CS, new[] { "DERIVED", "SECONDARY" });
            var path = Path.Combine(request.OutputFolder, $"echo-{series.SeriesInstanceUid}.dcm");
            await DurableFile.WriteAsync(path, (stream, _) =>
            {
                Part10Writer.Write(stream, new DicomFile(dataset, file.TransferSyntax));
                return Task.CompletedTask;
            }, cancellationToken).ConfigureAwait(false);
            files.Add(path);
        }

        return new AnalysisOutcome(files, $"echoed {files.Count} series (demonstration pipeline)");
    }

    /// <summary>A UID under 2.25 (PS3.5 §B.2) derived from a source UID: the same input always gives the same UID.</summary>
    internal static string DerivedUid(string sourceUid, string purpose) => DicomUidGenerator.FromName($"dicomnode-echo/{purpose}/{sourceUid}");
}
