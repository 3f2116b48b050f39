using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Inbox;

/// <summary>
/// Group commit for the inbox: the instances renamed into the inbox while an earlier group was being made durable,
/// on any association, are made durable together — one fsync per folder they were renamed into, then one index
/// transaction for all of them — and each caller's task completes only after its group is durable, so success is
/// still answered only once the instance is on disk. There is no timer: a lone association pays one folder fsync
/// per instance and waits for no one; concurrent associations share the syncs of whoever arrives during a commit.
/// The file is the truth and the index may trail it: the transaction commits with synchronous=NORMAL
/// (<see cref="InstanceIndex.AdmitGroup"/>), and <see cref="InboxRecovery"/> indexes at start-up any file whose row
/// a power cut took.
/// </summary>
internal sealed class InboxGroupCommit(InstanceIndex index, Action<string>? flushDirectory = null)
{
    private readonly Action<string> _flushDirectory = flushDirectory ?? DirectorySync.Flush;
    private readonly Lock _gate = new();
    private List<Entry> _waiting = [];
    private List<Entry> _spare = [];
    private bool _committing;

    /// <summary>Groups committed since start (for tests and the benchmark's notes).</summary>
    public long Groups => Interlocked.Read(ref _groups);

    /// <summary>Instances committed in those groups.</summary>
    public long Instances => Interlocked.Read(ref _instances);

    private long _groups;
    private long _instances;

    /// <summary>
    /// Makes <paramref name="instance"/>, already fsynced and renamed to its place in <paramref name="directory"/>,
    /// durable by name and indexed. Completes with its admission once its group's folder syncs and transaction are
    /// done; faults (with the group) when a sync or the transaction fails.
    /// </summary>
    public Task<InstanceAdmission> CommitAsync(StoredInstance instance, string? patientId, string directory)
    {
        var entry = new Entry(instance, patientId, directory);
        bool lead;
        lock (_gate)
        {
            _waiting.Add(entry);
            lead = !_committing;
            _committing = true;
        }

        if (lead)
        {
            // The first to arrive commits on its own thread: no hand-off, no added latency for a lone association.
            CommitWaiting();
        }

        return entry.Completion.Task;
    }

    private void CommitWaiting()
    {
        List<Entry> group;
        lock (_gate)
        {
            group = _waiting;
            _waiting = _spare;
            _spare = group;
        }

        Commit(group);
        group.Clear();

        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _committing = false;
                return;
            }
        }

        // Those who arrived during this commit form the next group; commit it elsewhere so this caller answers now.
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.CommitWaiting(), this, preferLocal: false);
    }

    private void Commit(List<Entry> group)
    {
        try
        {
            // PS3.4 §B.2.3 success means the instance is kept: its name must survive a power cut before anyone is answered.
            string? previous = null;
            foreach (var directory in group.Select(e => e.Directory).Order(StringComparer.Ordinal))
            {
                if (!string.Equals(directory, previous, StringComparison.Ordinal))
                {
                    _flushDirectory(directory);
                    previous = directory;
                }
            }

            var admissions = index.AdmitGroup(group.ConvertAll(e => (e.Instance, e.PatientId)));
            Interlocked.Increment(ref _groups);
            Interlocked.Add(ref _instances, group.Count);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Completion.SetResult(admissions[i]);
            }
        }
        catch (Exception ex)
        {
            foreach (var entry in group)
            {
                entry.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class Entry(StoredInstance instance, string? patientId, string directory)
    {
        public StoredInstance Instance { get; } = instance;

        public string? PatientId { get; } = patientId;

        public string Directory { get; } = directory;

        public TaskCompletionSource<InstanceAdmission> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
