using System.Buffers;
using System.Data.Common;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Inbox;

/// <summary>
/// One incoming instance of the <see cref="DurableInbox"/>: a temporary file until it is safe in the inbox. Received once:
/// an instance up to <see cref="ValidateInMemoryUpTo"/> is gathered in a pooled buffer as it arrives, validated from it,
/// and only then written in one write (on Linux as an unnamed file in its series folder, elsewhere to its temporary
/// file), fsynced and named — nothing is read back and the
/// association's loop never waits for a thread-pool write per PDV. A larger instance spills to its temporary file as
/// soon as it outgrows the buffer, goes on streaming to it, and is validated by walking the file (memory stays bounded
/// whatever its size).
/// </summary>
internal sealed class InboxSink(DurableInbox inbox, CStoreRequestContext request, string temporaryPath, long maxInstanceBytes, ReadOnlySpan<byte> preambleAndMeta) : ICStoreSink
{
    /// <summary>Instances up to this size (meta information included) are held and validated in memory: 1 MiB per C-STORE in flight.</summary>
    internal const int ValidateInMemoryUpTo = 1 << 20;

    /// <summary>
    /// What validation keeps of the data set: the top-level elements before (0020,000F), which hold every attribute of
    /// <see cref="InstanceHeader"/>. The rest, pixel data included, is walked without being held.
    /// </summary>
    private static readonly DicomTag KeepBefore = new(0x0020, 0x000F);

    private byte[]? _copy = Rent(preambleAndMeta);
    private int _copied = preambleAndMeta.Length;
    private FileStream? _stream;
    private bool _writeFailed;
    private bool _tooLarge;
    private long _received;
    private bool _completed;
    private bool _disposed;

    private string CallingAe => request.Association.CallingAeTitle;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        if (_writeFailed || _tooLarge)
        {
            return ValueTask.CompletedTask;
        }

        _received += fragment.Length;
        if (_received > maxInstanceBytes)
        {
            // Over the limit: give the disk back now, swallow the rest so the association stays usable, answer A700.
            _tooLarge = true;
            InboxLog.TooLarge(inbox.Logger, request.SopInstanceUid, CallingAe, maxInstanceBytes);
            ReleaseCopy();
            TruncateQuietly();
            return ValueTask.CompletedTask;
        }

        if (_copy is { } copy && fragment.Length <= copy.Length - _copied)
        {
            fragment.Span.CopyTo(copy.AsSpan(_copied));
            _copied += fragment.Length;
            return ValueTask.CompletedTask;
        }

        try
        {
            // Outgrown the buffer: from here on the bytes stream to the temporary file (page cache; the fsync comes at the end).
            Spill().Write(fragment.Span);
        }
        catch (IOException ex)
        {
            // Typically ENOSPC: keep swallowing the data set so the association stays usable, answer A700 at the end.
            _writeFailed = true;
            ReleaseCopy();
            InboxLog.WriteFailed(inbox.Logger, ex, request.SopInstanceUid, CallingAe);
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask<DimseStatus> CompleteAsync(CancellationToken cancellationToken)
    {
        _completed = true;
        try
        {
            return await CompleteCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException)
        {
            // Never success unless the instance is safe; the temporary file goes in DisposeAsync. A file
            // already renamed but not indexed is indexed by recovery or by the sender's retry.
            var status = ex is IOException ? DimseStatus.OutOfResources : DimseStatus.ProcessingFailure;
            InboxLog.StoreFailed(inbox.Logger, ex, request.SopInstanceUid, CallingAe, status.ToString());
            inbox.CountFailure();
            return status;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReleaseCopy();
        if (_stream is { } stream)
        {
            try
            {
                // Closing flushes what is still buffered; on a full disk that fails again, and the file goes anyway.
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Already answered A700 (or the association is gone); the handle is closed all the same.
            }
        }

        try
        {
            // Never created when the instance was refused from memory; gone already when it was renamed into the inbox.
            if (File.Exists(temporaryPath))
            {
                File.Delete(temporaryPath);
                if (!_completed)
                {
                    InboxLog.Abandoned(inbox.Logger, request.SopInstanceUid, CallingAe);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            InboxLog.TemporaryNotDeleted(inbox.Logger, ex, temporaryPath);
        }
    }

    private async Task<DimseStatus> CompleteCoreAsync(CancellationToken cancellationToken)
    {
        if (_writeFailed)
        {
            // Logged when the write failed; the partial file goes in DisposeAsync.
            inbox.CountFailure();
            return DimseStatus.OutOfResources;
        }

        if (_tooLarge)
        {
            // Logged when the limit was crossed; the emptied file goes in DisposeAsync.
            inbox.CountFailure();
            return DimseStatus.OutOfResources;
        }

        _stream?.Flush();
        var header = Validate(out var status);
        if (header is null)
        {
            ReleaseCopy();
            return status;
        }

        if (!inbox.HasRoom(header.SopInstanceUid, CallingAe))
        {
            return DimseStatus.OutOfResources;
        }

        // Decided before anything is written or named: a duplicate costs no write, a refused instance never has a name in
        // the inbox, so recovery never indexes it either.
        var (indexed, conflict) = inbox.Index.Precheck(header.SopInstanceUid, header.StudyInstanceUid, header.SeriesInstanceUid, CallingAe, header.PatientId);
        if (indexed)
        {
            inbox.CountDuplicate(header.SopInstanceUid, CallingAe);
            return DimseStatus.Success;
        }

        if (conflict is not null)
        {
            return inbox.Refused(InboxStatus.StudyConflict, CallingAe, $"{header.SopInstanceUid}: {conflict}");
        }

        var target = inbox.Layout.InstancePath(header.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid);
        bool moved;
        long size;
        try
        {
            // Durable before it has a name: the bytes reach the disk, then the name, then (group commit) the folder's entry.
            // The folder is flushed by the group commit, once for every instance named in it meanwhile.
            (moved, size) = _copy is not null && inbox.WritesUnnamed && UnnamedFile.IsSupported
                ? await PlaceUnnamedAsync(target).ConfigureAwait(false)
                : await PlaceThroughTemporaryAsync(target).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Typically ENOSPC; a partial temporary file goes in DisposeAsync, an unnamed one with its descriptor.
            InboxLog.WriteFailed(inbox.Logger, ex, request.SopInstanceUid, CallingAe);
            inbox.CountFailure();
            return DimseStatus.OutOfResources;
        }

        if (!moved)
        {
            // The file is there but not indexed yet: a crash after it was named, or the same instance arriving
            // on another association right now. Keep the first copy; the group commit makes its name durable and indexes it.
            size = new FileInfo(target).Length;
        }

        var instance = new StoredInstance(0, header.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid, header.SopClassUid,
            header.Modality, target, CallingAe, inbox.Time.GetUtcNow(), size);
        var admission = await inbox.GroupCommit.CommitAsync(instance, header.PatientId, Path.GetDirectoryName(target)!).ConfigureAwait(false);
        if (admission.Refusal is { } refusal)
        {
            // Another association made the study someone else's since the check above: this copy goes again.
            if (moved)
            {
                File.Delete(target);
            }

            return inbox.Refused(InboxStatus.StudyConflict, CallingAe, $"{header.SopInstanceUid}: {refusal}");
        }

        var added = admission.Stored;
        if (added is null)
        {
            inbox.CountDuplicate(header.SopInstanceUid, CallingAe);
        }
        else
        {
            inbox.Announce(added);
        }

        return DimseStatus.Success;
    }

    /// <summary>An instance held in memory, written without a name in its series folder and named there once durable (<see cref="UnnamedFile"/>).</summary>
    private async Task<(bool Moved, long Size)> PlaceUnnamedAsync(string target)
    {
        DurableFile.CreateDirectory(Path.GetDirectoryName(target)!);
        var size = _copied;
        var outcome = UnnamedFile.WriteAndLink(target, _copy.AsSpan(0, _copied));
        if (outcome == UnnamedFile.Outcome.Unsupported)
        {
            // This file system has none: through tmp/ from now on.
            return await PlaceThroughTemporaryAsync(target).ConfigureAwait(false);
        }

        ReleaseCopy();
        return (outcome == UnnamedFile.Outcome.Linked, size);
    }

    /// <summary>The instance's temporary file (created now for one held in memory) fsynced and renamed to its place.</summary>
    private async Task<(bool Moved, long Size)> PlaceThroughTemporaryAsync(string target)
    {
        var stream = Spill();
        stream.Flush(flushToDisk: true);
        var size = stream.Length;
        _stream = null;
        await stream.DisposeAsync().ConfigureAwait(false);
        return (DurableFile.MoveIntoPlace(temporaryPath, target, flushDirectory: false), size);
    }

    private InstanceHeader? Validate(out DimseStatus status)
    {
        DicomFile file;
        Stream source = _copy is { } copy ? new MemoryStream(copy, 0, _copied, writable: false) : _stream!;
        source.Position = 0;
        try
        {
            // Streaming: memory stays at a look-ahead buffer and the few elements kept, whatever the instance's size.
            file = Part10HeaderReader.Read(source, new Part10HeaderOptions
            {
                StopAt = KeepBefore,
                ScanToEnd = true,
                MaxInflatedLength = maxInstanceBytes,
            });
        }
        catch (DicomFormatException ex) when (ex.ExceedsLimit)
        {
            status = inbox.Refused(DimseStatus.OutOfResources, CallingAe, $"{request.SopInstanceUid} is larger than Inbox:MaxInstanceMegabytes allows: {ex.Message}");
            TruncateQuietly();
            return null;
        }
        catch (DicomFormatException ex)
        {
            status = inbox.Refused(DimseStatus.CannotUnderstand, CallingAe, $"the data set of {request.SopInstanceUid} cannot be parsed: {ex.Message}");
            return null;
        }

        var header = InstanceHeader.From(file.Dataset, out var problem);
        if (header is null)
        {
            status = inbox.Refused(DimseStatus.DataSetDoesNotMatchSopClass, CallingAe, $"the data set of {request.SopInstanceUid}: {problem}");
            return null;
        }

        if (header.SopInstanceUid != request.SopInstanceUid || header.SopClassUid != request.SopClassUid)
        {
            // PS3.4 §B.2.3: the data set must be the instance the command announces.
            status = inbox.Refused(DimseStatus.DataSetDoesNotMatchSopClass, CallingAe,
                $"the data set is {header.SopClassUid} / {header.SopInstanceUid}, the command announced {request.SopClassUid} / {request.SopInstanceUid}");
            return null;
        }

        status = DimseStatus.Success;
        return header;
    }

    /// <summary>The temporary file, created when first needed, holding all received so far: the in-memory copy moves into it.</summary>
    private FileStream Spill()
    {
        _stream ??= inbox.OpenTemporary(temporaryPath);
        if (_copy is { } copy)
        {
            _stream.Write(copy.AsSpan(0, _copied));
            ReleaseCopy();
        }

        return _stream;
    }

    private void TruncateQuietly()
    {
        try
        {
            _stream?.SetLength(0);
        }
        catch (IOException)
        {
            // The file is deleted when the sink is disposed in any case.
        }
    }

    private static byte[] Rent(ReadOnlySpan<byte> preambleAndMeta)
    {
        var copy = ArrayPool<byte>.Shared.Rent(ValidateInMemoryUpTo);
        preambleAndMeta.CopyTo(copy);
        return copy;
    }

    private void ReleaseCopy()
    {
        if (_copy is { } copy)
        {
            _copy = null;
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
