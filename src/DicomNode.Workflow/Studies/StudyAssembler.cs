using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Workflow.Studies;

/// <summary>
/// Decides when a study is complete: after a quiet period (per calling AE, else the default) with no new
/// instance. Each pending study has one <see cref="ITimer"/> from the <see cref="TimeProvider"/>, pushed
/// back by every new instance; when it fires, a job is created for the study's series (superseding older
/// queued or running jobs, see <see cref="JobStore"/>). Nothing polls. Which instances a job covers is in
/// the database, so <see cref="Start"/> after a restart picks up every study still waiting. On a database several
/// nodes share, the quiet period is measured on the shared index (its last instance from any node) and a study is
/// assembled once: the job is created under the study's lock, and a node whose timer fires later finds it done.
/// </summary>
public sealed class StudyAssembler : IInboxObserver, IDisposable
{
    private readonly JobStore _jobs;
    private readonly InstanceIndex _index;
    private readonly Func<StudyAssemblyOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _disposed;

    public StudyAssembler(JobStore jobs, InstanceIndex index, Func<StudyAssemblyOptions> options, TimeProvider time, ILogger<StudyAssembler>? logger = null)
    {
        _jobs = jobs;
        _index = index;
        _options = options;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Studies waiting for their quiet period now.</summary>
    public int PendingStudies
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Arms a timer for every study with instances no job covers yet (after a restart), due at its last
    /// instance time plus its quiet period. Call once, after <see cref="DurableInbox.RecoverAsync"/>.
    /// </summary>
    public void Start()
    {
        var waiting = Rescan();
        if (waiting > 0)
        {
            StudyLog.Resumed(_logger, waiting);
        }
    }

    /// <summary>
    /// Arms a timer for every study waiting in the index, as <see cref="Start"/> does, and returns how many wait. On a
    /// database several nodes share, the host calls it now and then: a study whose receiving node died before its quiet
    /// period ended is then assembled by another node.
    /// </summary>
    public int Rescan()
    {
        var waiting = _index.PendingStudies();
        foreach (var study in waiting)
        {
            Arm(study.StudyInstanceUid, study.CallingAeTitle, study.LastReceivedAt);
        }

        return waiting.Count;
    }

    /// <summary>Whether other nodes share the index, so that <see cref="Rescan"/> is worth calling now and then.</summary>
    public bool Shared => _jobs.Shared;

    /// <summary>How often to <see cref="Rescan"/> on a shared index: every half lease.</summary>
    public TimeSpan RescanInterval => _jobs.Lease / 2;

    /// <summary>A new instance is stored: its study's quiet period starts again.</summary>
    public void OnInstanceStored(StoredInstance instance) =>
        Arm(instance.StudyInstanceUid, instance.CallingAeTitle, instance.ReceivedAt);

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var pending in _pending.Values)
            {
                pending.Timer.Dispose();
            }

            _pending.Clear();
        }
    }

    private void Arm(string studyUid, string callingAe, DateTimeOffset lastReceived)
    {
        var quiet = _options().QuietPeriodFor(callingAe);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var due = lastReceived + quiet;
            if (_pending.TryGetValue(studyUid, out var existing) && existing.Due >= due)
            {
                return;
            }

            var delay = due - _time.GetUtcNow();
            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }

            if (existing is not null)
            {
                existing.Due = due;
                existing.Quiet = quiet;
                existing.Timer.Change(delay, Timeout.InfiniteTimeSpan);
                return;
            }

            var pending = new Pending(studyUid, callingAe, due, quiet);
            _pending[studyUid] = pending;
            pending.Timer = _time.CreateTimer(static state => ((Pending)state!).Owner!.Elapsed((Pending)state!), pending, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            pending.Owner = this;
            pending.Timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Elapsed(Pending pending)
    {
        lock (_gate)
        {
            if (_disposed || !_pending.TryGetValue(pending.StudyUid, out var current) || current != pending)
            {
                return;
            }

            // A new instance may have pushed the deadline back after this callback was scheduled, and a
            // timer may fire a little before its due time: either way, wait for the rest, never drop it.
            var remaining = pending.Due - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                pending.Timer.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            _pending.Remove(pending.StudyUid);
            pending.Timer.Dispose();
        }

        try
        {
            var job = _jobs.CreateForStudy(pending.StudyUid, _time.GetUtcNow(), pending.Quiet, out var quietUntil);
            if (quietUntil is { } until)
            {
                // Another node sharing the index received an instance of the study after this node's last one.
                Arm(pending.StudyUid, pending.CallingAe, until - pending.Quiet);
            }
            else if (job is not null)
            {
                StudyLog.JobCreated(_logger, pending.StudyUid, pending.Quiet, job.Id, _jobs.Get(job.Id)?.Series.Count ?? 0);
            }
        }
        catch (Exception ex)
        {
            StudyLog.CreateFailed(_logger, ex, pending.StudyUid);
            Arm(pending.StudyUid, string.Empty, _time.GetUtcNow());
        }
    }

    private sealed class Pending(string studyUid, string callingAe, DateTimeOffset due, TimeSpan quiet)
    {
        public string StudyUid { get; } = studyUid;

        public string CallingAe { get; } = callingAe;

        public DateTimeOffset Due { get; set; } = due;

        public TimeSpan Quiet { get; set; } = quiet;

        public ITimer Timer { get; set; } = null!;

        public StudyAssembler? Owner { get; set; }
    }
}
