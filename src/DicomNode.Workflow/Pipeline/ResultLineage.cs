using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// One result per study in the PACS: how a re-analysis (late series arrived, a newer job) says what it replaces.
/// <list type="bullet">
/// <item>Every result object keeps its series across re-analyses: the SR's Series Instance UID is derived from the study
/// alone, each SEG's from the study, its source series and its place among that series' SEGs. A new analysis adds new
/// instances (new SOP Instance UIDs, derived from the job) to the same series.</item>
/// <item>Instance Number is the job's number, which grows with every job of the node, so a later analysis of the study
/// always has the higher number and a viewer that shows a series' newest instance (OHIF shows the highest Instance
/// Number) shows the newest result — also after the earlier job's folder was removed.</item>
/// <item>The new SR names the report it replaces in Predecessor Documents Sequence (0040,A360): the SR (results or
/// "not analysed") of the study's latest earlier job whose folder still holds it (job folders are kept
/// <c>Retention:JobFolderDays</c>). A superseded job's folder is removed (<see cref="Jobs.JobRunner"/>), so a report
/// that was never sent is never named.</item>
/// </list>
/// Used for node jobs (a UID seed and a job folder named by the job id); <c>dicomnode analyze</c> writes no lineage.
/// </summary>
/// <param name="AnalysisNumber">The Instance Number of this analysis' objects: the job's number (1 outside a job folder).</param>
/// <param name="PreviousReport">The SR this analysis replaces; null for the first.</param>
internal sealed record ResultLineage(string StudyInstanceUid, int AnalysisNumber, InstanceReference? PreviousReport)
{
    /// <summary>The file names a job gives its SR (results, or the report that the study could not be analysed).</summary>
    internal static readonly string[] ReportFileNames = ["sr.dcm", "sr-not-analysed.dcm"];

    /// <summary>
    /// The lineage of a job writing into <paramref name="jobFolder"/> (jobs/&lt;id&gt;): the newest sibling folder of a
    /// lower id that holds a report of <paramref name="studyInstanceUid"/>. A folder not named by a number has none.
    /// </summary>
    public static ResultLineage Find(string jobFolder, string studyInstanceUid)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobFolder);
        ArgumentException.ThrowIfNullOrEmpty(studyInstanceUid);
        var full = Path.GetFullPath(jobFolder).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !long.TryParse(Path.GetFileName(full), NumberStyles.None, CultureInfo.InvariantCulture, out var jobId) || !Directory.Exists(parent))
        {
            return new ResultLineage(studyInstanceUid, 1, null);
        }

        var number = (int)Math.Min(jobId, int.MaxValue);
        var earlier = Directory.EnumerateDirectories(parent)
            .Select(d => (Folder: d, Id: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1))
            .Where(d => d.Id > 0 && d.Id < jobId)
            .OrderByDescending(d => d.Id);
        foreach (var (folder, _) in earlier)
        {
            foreach (var name in ReportFileNames)
            {
                if (Read(Path.Combine(folder, name), studyInstanceUid) is { } report)
                {
                    return new ResultLineage(studyInstanceUid, number, report);
                }
            }
        }

        return new ResultLineage(studyInstanceUid, number, null);
    }

    /// <summary>The Series Instance UID of the study's SR series: the same for every analysis of the study.</summary>
    public string ReportSeriesInstanceUid => SeriesUid("sr");

    /// <summary>The options of this analysis' SR: its series, its Instance Number, the report it replaces.</summary>
    public OutputOptions ForReport(OutputOptions options) => options with
    {
        SeriesInstanceUid = ReportSeriesInstanceUid,
        InstanceNumber = AnalysisNumber,
        Replaces = PreviousReport is { } previous ? [(StudyInstanceUid, previous)] : [],
    };

    /// <summary>
    /// The SEGs moved into their stable series (the n-th SEG of a source series keeps the n-th series of that source)
    /// and numbered as this analysis.
    /// </summary>
    public IReadOnlyList<WrittenSegmentation> Place(IReadOnlyList<WrittenSegmentation> segmentations) =>
        segmentations
            .Select((seg, index) => (seg, n: segmentations.Take(index).Count(s => s.Reference.SourceSeriesInstanceUid == seg.Reference.SourceSeriesInstanceUid) + 1))
            .Select(p =>
            {
                var series = SeriesUid($"seg/{p.seg.Reference.SourceSeriesInstanceUid}/{p.n}");
                p.seg.File.Dataset.SetUid(DicomTags.SeriesInstanceUID, series);
                p.seg.File.Dataset.SetIntegerStrings(DicomTags.InstanceNumber, AnalysisNumber);
                return p.seg with { Reference = p.seg.Reference with { SeriesInstanceUid = series } };
            })
            .ToList();

    private string SeriesUid(string role) => DicomUidGenerator.Derived($"dicomnode-results/{StudyInstanceUid}/series/{role}").Generate();

    private static InstanceReference? Read(string path, string studyInstanceUid)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var dataset = Part10HeaderReader.ReadFile(path).Dataset;
            if (dataset.GetUid(DicomTags.StudyInstanceUID) != studyInstanceUid
                || dataset.GetUid(DicomTags.SeriesInstanceUID) is not { } series
                || dataset.GetUid(DicomTags.SOPClassUID) is not { } sopClass
                || dataset.GetUid(DicomTags.SOPInstanceUID) is not { } sop)
            {
                return null;
            }

            return new InstanceReference(series, sopClass, sop);
        }
        catch (Exception e) when (e is DicomFormatException or IOException)
        {
            // A report that cannot be read cannot be named; an older one may be.
            return null;
        }
    }
}
