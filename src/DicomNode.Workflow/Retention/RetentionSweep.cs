using System.Data.Common;
using System.Globalization;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Storage;
using Microsoft.Extensions.Logging;

namespace DicomNode.Workflow.Retention;

/// <summary>
/// Removes what the node no longer needs (see <see cref="RetentionOptions"/>): received studies, finished jobs' folders
/// and the records of delivered results, by age and, when the data folder runs short of space, oldest first.
/// <para>
/// A study goes in one write transaction: its eligibility checked again, its files renamed into <c>tmp/retention/</c> and
/// its instance rows deleted. Holding the write lock means no job can be created for it meanwhile; an instance that
/// arrives meanwhile is a new row that stays, and a copy sent again afterwards is stored anew. Files left in tmp/ by a
/// crash are deleted at the next start. The study's row, its jobs and their outcome stay as history.
/// </para>
/// </summary>
public sealed class RetentionSweep
{
    private const string RemovableStudies =
        """
        SELECT s.study_uid, s.last_received_at FROM studies s
        WHERE EXISTS (SELECT 1 FROM instances i WHERE i.study_uid = s.study_uid)
          AND s.assembled_through >= (SELECT MAX(id) FROM instances i WHERE i.study_uid = s.study_uid)
          AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.study_uid = s.study_uid AND j.state IN ('queued', 'running'))
        """;

    private readonly NodeDataLayout _layout;
    private readonly NodeDatabase _database;
    private readonly Func<RetentionOptions> _options;
    private readonly Func<string, long> _freeBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private RetentionReport _total = RetentionReport.Nothing;

    /// <param name="freeBytes">Bytes available on the file system of a path; the OS by default.</param>
    public RetentionSweep(NodeDataLayout layout, NodeDatabase database, Func<RetentionOptions> options, TimeProvider time, ILogger logger, Func<string, long>? freeBytes = null)
    {
        _layout = layout;
        _database = database;
        _options = options;
        _time = time;
        _logger = logger;
        _freeBytes = freeBytes ?? FreeSpaceGuard.AvailableBytes;
    }

    /// <summary>Everything removed since this sweep was made (for the metrics).</summary>
    public RetentionReport Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Runs the sweep every <see cref="RetentionOptions.Interval"/> until cancelled, the first time at once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var interval = _options().Interval;
            try
            {
                Run(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException)
            {
                RetentionLog.SweepFailed(_logger, ex, interval);
            }

            try
            {
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: by age first, then for free space.</summary>
    public RetentionReport Run(CancellationToken cancellationToken = default)
    {
        var options = _options();
        var now = _time.GetUtcNow();
        var report = RetentionReport.Nothing;

        if (options.Inbox > TimeSpan.Zero)
        {
            foreach (var study in Studies().Where(s => s.LastReceived <= now - options.Inbox))
            {
                cancellationToken.ThrowIfCancellationRequested();
                report = report.Add(RemoveStudy(study.Uid, $"last instance received {study.LastReceived:yyyy-MM-dd HH:mm}Z, kept {Describe(options.Inbox)}", forSpace: false));
            }
        }

        if (options.JobFolders > TimeSpan.Zero)
        {
            foreach (var job in JobFolders().Where(j => j.FinishedAt <= now - options.JobFolders))
            {
                cancellationToken.ThrowIfCancellationRequested();
                report = report.Add(RemoveJobFolder(job.Id, forSpace: false));
            }
        }

        if (options.DeliveredRecords > TimeSpan.Zero)
        {
            var removed = _database.InTransaction((connection, transaction) => connection.Execute(transaction,
                "DELETE FROM outbox WHERE state = 'sent' AND sent_at <= $cutoff", ("$cutoff", (now - options.DeliveredRecords).ToUnixMs())));
            report = report.Add(RetentionReport.Nothing with { DeliveredRecords = removed });
        }

        report = report.Add(FreeSpace(options, cancellationToken));
        if (report.RemovedAnything)
        {
            RetentionLog.Swept(_logger, report.Studies, report.Instances, report.JobFolders, report.DeliveredRecords, report.Bytes / 1048576.0, report.ForSpace);
        }

        lock (_gate)
        {
            _total = _total.Add(report);
        }

        return report;
    }

    private RetentionReport FreeSpace(RetentionOptions options, CancellationToken cancellationToken)
    {
        if (options.MinimumFreeBytes <= 0 || HasRoom(options))
        {
            return RetentionReport.Nothing;
        }

        // Oldest first across both kinds: a study by its last instance, a job folder by the job's end.
        var candidates = Studies().Select(s => (At: s.LastReceived, Study: (string?)s.Uid, Job: 0L))
            .Concat(JobFolders().Select(j => (At: j.FinishedAt, Study: (string?)null, Job: j.Id)))
            .OrderBy(c => c.At).ThenBy(c => c.Job)
            .ToList();
        var report = RetentionReport.Nothing;
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (HasRoom(options))
            {
                return report;
            }

            report = report.Add(candidate.Study is { } study
                ? RemoveStudy(study, $"free space below Retention:MinimumFreeMegabytes ({options.MinimumFreeBytes / 1048576} MB); oldest first", forSpace: true)
                : RemoveJobFolder(candidate.Job, forSpace: true));
        }

        if (!HasRoom(options))
        {
            RetentionLog.StillShortOfSpace(_logger, _freeBytes(_layout.Root) / 1048576, options.MinimumFreeBytes / 1048576);
        }

        return report;
    }

    private bool HasRoom(RetentionOptions options) => _freeBytes(_layout.Root) >= options.MinimumFreeBytes;

    private List<(string Uid, DateTimeOffset LastReceived)> Studies()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, RemovableStudies + " ORDER BY s.last_received_at, s.study_uid",
            r => (r.GetString(0), SqliteExtensions.FromUnixMs(r.Int64(1))));
    }

    /// <summary>Job folders on disk whose job has ended and has no undelivered result.</summary>
    private List<(long Id, DateTimeOffset FinishedAt)> JobFolders()
    {
        var onDisk = Directory.Exists(_layout.Jobs)
            ? Directory.EnumerateDirectories(_layout.Jobs)
                .Select(d => long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
                .Where(id => id > 0)
                .ToHashSet()
            : [];
        if (onDisk.Count == 0)
        {
            return [];
        }

        using var connection = _database.OpenConnection();
        return connection.Query(null,
                """
                SELECT j.id, j.finished_at FROM jobs j
                WHERE j.state IN ('succeeded', 'failed', 'superseded') AND j.finished_at IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.job_id = j.id AND o.state IN ('pending', 'failed'))
                ORDER BY j.finished_at, j.id
                """,
                r => (r.Int64(0), SqliteExtensions.FromUnixMs(r.Int64(1))))
            .Where(j => onDisk.Contains(j.Item1))
            .ToList();
    }

    private RetentionReport RemoveStudy(string studyUid, string why, bool forSpace)
    {
        var trash = Path.Combine(_layout.Temporary, "retention", studyUid);
        var moved = new List<(string From, string To)>();
        long bytes = 0;
        int instances;
        try
        {
            instances = _database.InTransaction((connection, transaction) =>
            {
                // On a shared database, no node may index an instance of the study or assemble it meanwhile.
                _database.LockStudy(connection, transaction, studyUid);
                var still = connection.Scalar(transaction, RemovableStudies + " AND s.study_uid = $study", ("$study", studyUid)) is not null;
                if (!still)
                {
                    return 0;
                }

                var rows = connection.Query(transaction, "SELECT id, path, size FROM instances WHERE study_uid = $study",
                    r => (Id: r.Int64(0), Path: r.GetString(1), Size: r.Int64(2)), ("$study", studyUid));
                Directory.CreateDirectory(trash);
                foreach (var row in rows)
                {
                    if (File.Exists(row.Path))
                    {
                        var to = Path.Combine(trash, row.Id.ToString(CultureInfo.InvariantCulture) + ".dcm");
                        File.Move(row.Path, to, overwrite: true);
                        moved.Add((row.Path, to));
                    }

                    bytes += row.Size;
                    connection.Execute(transaction, "DELETE FROM instances WHERE id = $id", ("$id", row.Id));
                }

                return rows.Count;
            });
        }
        catch
        {
            // The rows are still there (the transaction rolled back): put the files back where they belong.
            foreach (var (from, to) in moved)
            {
                File.Move(to, from, overwrite: false);
            }

            throw;
        }

        if (instances == 0)
        {
            return RetentionReport.Nothing;
        }

        Delete(trash, recursive: true);
        RemoveEmptyFolders(Path.Combine(_layout.Inbox, studyUid));
        RetentionLog.StudyRemoved(_logger, studyUid, instances, why);
        return new RetentionReport(1, instances, 0, 0, bytes, forSpace ? 1 : 0);
    }

    private RetentionReport RemoveJobFolder(long jobId, bool forSpace)
    {
        var folder = _layout.JobFolder(jobId);
        var bytes = Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : 0;
        return Delete(folder, recursive: true)
            ? new RetentionReport(0, 0, 1, 0, bytes, forSpace ? 1 : 0)
            : RetentionReport.Nothing;
    }

    /// <summary>Removes the study's series folders and its own folder where they are empty; a folder in use stays.</summary>
    private void RemoveEmptyFolders(string studyFolder)
    {
        if (!Directory.Exists(studyFolder))
        {
            return;
        }

        foreach (var series in Directory.EnumerateDirectories(studyFolder).ToList())
        {
            if (!Directory.EnumerateFileSystemEntries(series).Any())
            {
                Delete(series, recursive: false);
            }
        }

        if (!Directory.EnumerateFileSystemEntries(studyFolder).Any())
        {
            Delete(studyFolder, recursive: false);
        }
    }

    private bool Delete(string folder, bool recursive)
    {
        try
        {
            Directory.Delete(folder, recursive);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException ex)
        {
            RetentionLog.CouldNotRemove(_logger, folder, ex.Message);
            return false;
        }
        catch (UnauthorizedAccessException ex)
        {
            RetentionLog.CouldNotRemove(_logger, folder, ex.Message);
            return false;
        }
    }

    private static string Describe(TimeSpan period) =>
        period.TotalDays >= 1 && period.TotalDays == Math.Floor(period.TotalDays)
            ? string.Create(CultureInfo.InvariantCulture, $"{period.TotalDays:0} days")
            : period.ToString("c", CultureInfo.InvariantCulture);
}
