using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Outbox;

/// <summary>
/// Puts objects to send on disk under outbox/&lt;destination&gt;/&lt;job&gt;/&lt;SOPInstanceUID&gt;.dcm
/// (copied, fsynced, renamed, directory fsynced) before they are queued, and cleans up after a crash.
/// </summary>
public sealed class DurableOutbox
{
    private readonly NodeDataLayout _layout;
    private readonly OutboxStore _store;
    private readonly TimeProvider _time;

    public DurableOutbox(NodeDataLayout layout, OutboxStore store, TimeProvider time)
    {
        _layout = layout;
        _store = store;
        _time = time;
    }

    /// <summary>
    /// Puts a Part 10 file durably into the destination's outbox folder (linked where it can be, else copied) and returns the entry to queue.
    /// Its SOP Class and Instance UIDs are read from the file (and validated); they never change afterwards.
    /// </summary>
    public async Task<OutboxEntry> StageAsync(string destination, long jobId, string sourcePath, CancellationToken cancellationToken = default)
    {
        DicomFile file;
        try
        {
            file = Part10HeaderReader.ReadFile(sourcePath);
        }
        catch (DicomFormatException ex)
        {
            throw new InvalidDataException($"{sourcePath} is not a DICOM Part 10 file: {ex.Message}", ex);
        }

        var sop = file.Dataset.GetUid(DicomTags.SOPInstanceUID);
        var sopClass = file.Dataset.GetUid(DicomTags.SOPClassUID);
        if (!DicomUidValidator.IsValid(sop) || !DicomUidValidator.IsValid(sopClass))
        {
            throw new InvalidDataException($"{sourcePath} has no valid SOP Class and Instance UIDs; it cannot be sent.");
        }

        var target = _layout.OutboxPath(destination, jobId, sop!);
        // The job folder's file is linked, not copied, where the file system allows: the results are already on disk.
        await DurableFile.LinkOrCopyAsync(sourcePath, target, cancellationToken).ConfigureAwait(false);
        return new OutboxEntry(destination, jobId, sop!, sopClass!, target);
    }

    /// <summary>Stages files that belong to no job (job number 0 in the path) and queues them at once.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> EnqueueAsync(string destination, IEnumerable<string> sourcePaths, CancellationToken cancellationToken = default)
    {
        var entries = new List<OutboxEntry>();
        foreach (var path in sourcePaths)
        {
            var staged = await StageAsync(destination, 0, path, cancellationToken).ConfigureAwait(false);
            entries.Add(staged with { JobId = null });
        }

        _store.Enqueue(entries, _time.GetUtcNow());
        return entries;
    }

    /// <summary>
    /// At start-up: deletes temporary files left by an interrupted copy, files staged by a job that never
    /// committed (no row refers to them), and files of delivered items unless they are to be kept.
    /// Returns how many files were deleted.
    /// </summary>
    public int Recover(OutboxOptions options)
    {
        _layout.EnsureCreated();
        var known = _store.AllPaths();
        var sent = options.KeepDeliveredFiles ? new HashSet<string>() : _store.SentPaths().ToHashSet(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var path in Directory.EnumerateFiles(_layout.Outbox, "*", SearchOption.AllDirectories))
        {
            var full = Path.GetFullPath(path);
            var leftover = path.EndsWith(DurableFile.TemporarySuffix, StringComparison.Ordinal) || !known.Contains(full);
            if (leftover && _store.Shared && File.GetLastWriteTimeUtc(path) > DateTime.UtcNow - _store.Lease)
            {
                // In a data folder nodes share: another node's result, staged and about to be committed with its job.
                continue;
            }

            if (leftover || sent.Contains(full))
            {
                File.Delete(path);
                deleted++;
            }
        }

        return deleted;
    }
}
