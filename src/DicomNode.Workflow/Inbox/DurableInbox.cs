using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Workflow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Workflow.Inbox;

/// <summary>
/// The C-STORE handler of the node: persist before acknowledging. Each data set is kept behind a fresh File Meta
/// Information header, exactly as received: in a pooled buffer up to 1 MiB, streamed into tmp/ beyond. On completion it is parsed
/// (unparsable: C000; not the instance the command announced, or without valid Study/Series UIDs:
/// A900), fsynced, named inbox/&lt;study&gt;/&lt;series&gt;/&lt;sop&gt;.dcm (validated UIDs only; renamed from tmp/, or on
/// Linux linked from an unnamed file in that folder, <see cref="Storage.UnnamedFile"/>), the
/// directory fsynced, and indexed in one SQLite transaction; only then is success answered. A SOP
/// Instance UID already indexed keeps its first copy and is answered with success. The bytes are received once: an
/// instance up to 1 MiB is validated from its buffer and then written in one write, never read back. The folder
/// fsync and the index transaction are shared by the instances renamed meanwhile on any association
/// (<see cref="InboxGroupCommit"/>); each is answered only after its group is durable. The index may trail the files
/// after a power cut; <see cref="RecoverAsync(CancellationToken)"/> indexes them again at start-up. Validation streams: the
/// header is read up to Series Instance UID and the rest of the data set walked without being held, a Deflated
/// one inflated as it is walked; an instance larger than <see cref="InboxOptions.MaxInstanceBytes"/>, received
/// or inflated, answers A700 and its file is deleted at once. Too little free
/// space (checked at the start and before the write), or a write that fails (ENOSPC), answers A700 and
/// is logged. Every failure, and every C-STORE its association abandons (abort, closed connection, release
/// mid-transfer, shutdown), deletes the temporary file at once; <see cref="RecoverAsync"/> cleans up after a crash.
/// </summary>
public sealed class DurableInbox : ICStoreHandler
{
    private readonly NodeDataLayout _layout;
    private readonly InstanceIndex _index;
    private readonly FreeSpaceGuard _freeSpace;
    private readonly Func<InboxOptions> _options;
    private readonly TimeProvider _time;
    private readonly IInboxObserver? _observer;
    private readonly ILogger _logger;
    private long _stored;
    private long _duplicates;
    private long _refused;

    public DurableInbox(
        NodeDataLayout layout,
        InstanceIndex index,
        Func<InboxOptions> options,
        TimeProvider time,
        IInboxObserver? observer = null,
        ILogger<DurableInbox>? logger = null,
        Func<string, long>? freeSpaceProbe = null)
    {
        _layout = layout;
        _index = index;
        GroupCommit = new InboxGroupCommit(index);
        _options = options;
        _freeSpace = new FreeSpaceGuard(() => options().MinimumFreeBytes, freeSpaceProbe);
        _time = time;
        _observer = observer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>New instances stored and indexed since start.</summary>
    public long StoredCount => Interlocked.Read(ref _stored);

    /// <summary>C-STOREs answered with success because the SOP Instance UID was already stored.</summary>
    public long DuplicateCount => Interlocked.Read(ref _duplicates);

    /// <summary>C-STOREs answered with a failure status.</summary>
    public long RefusedCount => Interlocked.Read(ref _refused);

    internal NodeDataLayout Layout => _layout;

    internal InstanceIndex Index => _index;

    /// <summary>Makes renamed instances durable by name and indexed, in groups (<see cref="InboxGroupCommit"/>).</summary>
    internal InboxGroupCommit GroupCommit { get; }

    internal TimeProvider Time => _time;

    internal ILogger Logger => _logger;

    /// <summary>The largest instance accepted now, received or inflated (<see cref="InboxOptions.MaxInstanceBytes"/>).</summary>
    internal long MaxInstanceBytes => _options().MaxInstanceBytes;

    /// <summary>
    /// Whether an instance held in memory is written without a name in its series folder and named once durable
    /// (<see cref="UnnamedFile"/>, where the system has it) rather than through tmp/; tests turn it off to reach <see cref="OpenTemporary"/>.
    /// </summary>
    internal bool WritesUnnamed { get; init; } = true;

    /// <summary>Opens a new temporary file for an incoming instance; tests replace it to make writes fail as on a full disk.</summary>
    internal Func<string, FileStream> OpenTemporary { get; init; } = path =>
        new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.None);

    public ValueTask<ICStoreSink> BeginStoreAsync(CStoreRequestContext request, CancellationToken cancellationToken)
    {
        var callingAe = request.Association.CallingAeTitle;

        // File names come from validated UIDs only; the command's UIDs are checked here, the data set's on completion.
        if (!DicomUidValidator.IsValid(request.SopInstanceUid) || !DicomUidValidator.IsValid(request.SopClassUid))
        {
            return Refuse(DimseStatus.CannotUnderstand, callingAe, "the command's Affected SOP Class or Instance UID is not a valid UID");
        }

        if (!HasRoom(request.SopInstanceUid, callingAe))
        {
            return ValueTask.FromResult<ICStoreSink>(new RefusingSink(DimseStatus.OutOfResources));
        }

        DicomTransferSyntax syntax;
        try
        {
            syntax = DicomTransferSyntax.Parse(request.TransferSyntaxUid);
        }
        catch (Exception ex) when (ex is ArgumentException or DicomFormatException or KeyNotFoundException)
        {
            return Refuse(DimseStatus.CannotUnderstand, callingAe, $"transfer syntax {request.TransferSyntaxUid} is not known");
        }

        // The temporary file is created when the instance outgrows its in-memory copy or has been validated (InboxSink).
        var path = Path.Combine(_layout.Temporary, $"{Guid.NewGuid():N}.part");
        var meta = new MemoryStream(512);
        Part10Writer.WritePreambleAndMeta(meta, request.SopClassUid, request.SopInstanceUid, syntax, callingAe);
        return ValueTask.FromResult<ICStoreSink>(new InboxSink(this, request, path, MaxInstanceBytes, meta.GetBuffer().AsSpan(0, (int)meta.Length)));
    }

    /// <summary>
    /// Run once at start-up, before the SCP listens: deletes partial uploads left in tmp/ and indexes every
    /// file that was renamed into the inbox but whose index transaction never committed. After this, every
    /// instance ever acknowledged is on disk and in the index.
    /// </summary>
    public Task<InboxRecoveryReport> RecoverAsync(CancellationToken cancellationToken = default) =>
        RecoverAsync(null, cancellationToken);

    /// <summary>
    /// <see cref="RecoverAsync(CancellationToken)"/> reporting each file examined, and each one left out with the
    /// reason; on an empty index (<c>dicomnode repair</c>) it rebuilds the whole index from the inbox files.
    /// </summary>
    public Task<InboxRecoveryReport> RecoverAsync(IProgress<InboxRecoveryProgress>? progress, CancellationToken cancellationToken = default) =>
        Task.Run(() => new InboxRecovery(this, progress).Run(cancellationToken), cancellationToken);

    internal bool HasRoom(string sopInstanceUid, string callingAe)
    {
        if (_freeSpace.HasRoom(_layout.Inbox, out var available))
        {
            return true;
        }

        InboxLog.LowDiskSpace(_logger, sopInstanceUid, callingAe, available, _layout.Inbox, _freeSpace.MinimumFreeBytes);
        Interlocked.Increment(ref _refused);
        return false;
    }

    internal DimseStatus Refused(DimseStatus status, string callingAe, string reason)
    {
        InboxLog.Refused(_logger, callingAe, status.ToString(), reason);
        Interlocked.Increment(ref _refused);
        return status;
    }

    internal void CountDuplicate(string sopInstanceUid, string callingAe)
    {
        InboxLog.Duplicate(_logger, sopInstanceUid, callingAe);
        Interlocked.Increment(ref _duplicates);
    }

    internal void CountFailure() => Interlocked.Increment(ref _refused);

    internal void Announce(StoredInstance instance)
    {
        Interlocked.Increment(ref _stored);
        InboxLog.Stored(_logger, instance.SopInstanceUid, instance.SeriesInstanceUid, instance.StudyInstanceUid, instance.CallingAeTitle, instance.Size);
        if (_observer is null)
        {
            return;
        }

        try
        {
            _observer.OnInstanceStored(instance);
        }
        catch (Exception ex)
        {
            // The instance is safe and indexed; assembly recovers it from the index at the next start.
            InboxLog.ObserverFailed(_logger, ex, instance.SopInstanceUid);
        }
    }

    private ValueTask<ICStoreSink> Refuse(DimseStatus status, string callingAe, string reason) =>
        ValueTask.FromResult<ICStoreSink>(new RefusingSink(Refused(status, callingAe, reason)));

    /// <summary>Swallows the data set and answers a status decided when the C-STORE began.</summary>
    private sealed class RefusingSink(DimseStatus status) : ICStoreSink
    {
        public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<DimseStatus> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(status);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
