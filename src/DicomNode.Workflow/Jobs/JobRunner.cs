using System.Threading.Channels;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Workflow.Jobs;

/// <summary>
/// Runs queued jobs, at most <see cref="JobOptions.MaxConcurrency"/> at once, oldest first. The jobs
/// table is the queue; a one-slot channel is the doorbell rung whenever <see cref="JobStore"/> queues a
/// job, so the loop sleeps without polling. At start, every job left running by a crash is queued again.
/// A run empties jobs/&lt;id&gt;/, calls the pipeline, stages its outputs in the outbox, and commits the
/// outcome and the outbox rows in one transaction.
/// <para>
/// Each job is claimed for this node with a lease (<see cref="JobStore.TryStartNext"/>), renewed every third of it while
/// the job runs. On a database several nodes share, jobs queued by another node ring no bell here and a dead node's jobs
/// come free only when their lease expires, so the loop also looks every quarter lease; a run whose claim was lost
/// (another node took the job over) is cancelled and its outcome discarded.
/// </para>
/// </summary>
public sealed class JobRunner
{
    private readonly JobStore _jobs;
    private readonly InstanceIndex _index;
    private readonly NodeDataLayout _layout;
    private readonly IAnalysisPipeline _pipeline;
    private readonly DurableOutbox _outbox;
    private readonly OutboxStore _outboxStore;
    private readonly Func<RoutingOptions> _routing;
    private readonly Func<JobOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _running;

    public JobRunner(
        JobStore jobs,
        InstanceIndex index,
        NodeDataLayout layout,
        IAnalysisPipeline pipeline,
        DurableOutbox outbox,
        OutboxStore outboxStore,
        Func<RoutingOptions> routing,
        Func<JobOptions> options,
        TimeProvider time,
        ILogger<JobRunner>? logger = null)
    {
        _jobs = jobs;
        _index = index;
        _layout = layout;
        _pipeline = pipeline;
        _outbox = outbox;
        _outboxStore = outboxStore;
        _routing = routing;
        _options = options;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _jobs.JobQueued += _ => Notify();
    }

    /// <summary>Jobs running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Wakes the loop to look for queued jobs (called for you when <see cref="JobStore"/> queues one).</summary>
    public void Notify() => _doorbell.Writer.TryWrite(true);

    /// <summary>Runs until cancelled; then waits for the jobs in progress to stop (they run again at the next start).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var limit = _options().MaxConcurrency;
        var requeued = _jobs.RequeueInterrupted();
        JobLog.Started(_logger, limit, requeued);
        using var slots = new SemaphoreSlim(limit, limit);
        var inFlight = new List<Task>();
        try
        {
            while (true)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                JobRecord? job;
                try
                {
                    job = _jobs.TryStartNext(_time.GetUtcNow());
                }
                catch (System.Data.Common.DbException ex)
                {
                    JobLog.StoreUnavailable(_logger, ex);
                    job = null;
                }

                if (job is null)
                {
                    slots.Release();
                    await WaitForWorkAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.Add(RunJobAsync(job, slots, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
    }

    /// <summary>Sleeps until the doorbell rings or, on a shared database, a quarter lease has passed.</summary>
    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        if (!_jobs.Shared)
        {
            await _doorbell.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rung = _doorbell.Reader.WaitToReadAsync(wake.Token).AsTask();
        var look = Task.Delay(_jobs.Lease / 4, _time, wake.Token);
        await Task.WhenAny(rung, look).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        _doorbell.Reader.TryRead(out _);
    }

    /// <summary>Renews the job's lease every third of it until <paramref name="claim"/> ends; cancels it when the claim is lost.</summary>
    private async Task RenewAsync(long jobId, CancellationTokenSource claim)
    {
        var every = _jobs.Lease / 3;
        while (true)
        {
            try
            {
                await Task.Delay(every, _time, claim.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                if (!_jobs.RenewLease(jobId, _time.GetUtcNow()))
                {
                    JobLog.ClaimLost(_logger, jobId);
                    await claim.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (System.Data.Common.DbException ex)
            {
                // The claim may still be good; try again at the next renewal, well before it expires.
                JobLog.StoreUnavailable(_logger, ex);
            }
        }
    }

    private async Task RunJobAsync(JobRecord job, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _running);
        using var claim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(job.Id, claim);
        try
        {
            await Task.Yield();
            await ExecuteAsync(job, claim.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            JobLog.JobInterrupted(_logger, job.Id);
        }
        catch (OperationCanceledException) when (claim.IsCancellationRequested)
        {
            // The claim was lost (logged by the renewal): the node that holds it now runs the job.
        }
        catch (Exception ex)
        {
            // One line for the job list; the stack goes to the log with the exception.
            var reason = $"{ex.GetType().Name}: {ex.Message.Split('\n', 2)[0].Trim()}";
            JobLog.JobFailed(_logger, ex, job.Id, reason);
            TryFail(job.Id, reason);
        }
        finally
        {
            await claim.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(false);
            Interlocked.Decrement(ref _running);
            slots.Release();
        }
    }

    private async Task ExecuteAsync(JobRecord job, CancellationToken cancellationToken)
    {
        JobLog.JobStarted(_logger, job.Id, job.StudyInstanceUid, job.Runs);
        var folder = _layout.JobFolder(job.Id);
        if (Directory.Exists(folder))
        {
            // A previous run was interrupted or failed: start from nothing so no stale output is sent.
            Directory.Delete(folder, recursive: true);
        }

        DurableFile.CreateDirectory(folder);
        var request = new AnalysisRequest(job.Id, job.StudyInstanceUid, job.CallingAeTitle, SeriesOf(job), folder) { Outputs = _routing().RequestedOutputs };
        var outcome = await _pipeline.AnalyzeAsync(request, cancellationToken).ConfigureAwait(false);

        var entries = new List<OutboxEntry>();
        string? destination = null;
        if (outcome.FilesToSend.Count > 0)
        {
            var route = Router.Route(_routing(), job.CallingAeTitle);
            if (route.Destination is null)
            {
                var failed = _jobs.Fail(job.Id, $"results not sent: {route.Reason}", _time.GetUtcNow());
                if (failed == JobState.Running)
                {
                    JobLog.ClaimLost(_logger, job.Id);
                    return;
                }

                End(job.Id, failed, route.Reason);
                return;
            }

            destination = route.Destination.Name;
            var profile = route.Destination.Profile;
            foreach (var file in outcome.FilesToSend)
            {
                // A report that the analysis did not run goes to every destination: it is the only word it gets.
                if (outcome.FailureReason is null && !InProfile(profile, file))
                {
                    continue;
                }

                entries.Add(await _outbox.StageAsync(destination, job.Id, file, cancellationToken).ConfigureAwait(false));
            }

            JobLog.ResultsQueued(_logger, job.Id, entries.Count, destination, route.Reason);
        }

        var state = _jobs.Succeed(job.Id, outcome.Summary, entries, _time.GetUtcNow(), outcome.FailureReason);
        if (state == JobState.Running)
        {
            // Another node holds the job now and writes its own outcome; the folder is its too.
            JobLog.ClaimLost(_logger, job.Id);
            return;
        }

        if (state is JobState.Succeeded or JobState.Failed && destination is not null)
        {
            _outboxStore.RaiseQueued(new[] { destination });
        }
        else if (state == JobState.Superseded)
        {
            foreach (var entry in entries)
            {
                File.Delete(entry.Path);
            }

            // Never sent: a later job of the study must not name this job's report as the one it replaces (ResultLineage).
            Directory.Delete(folder, recursive: true);
        }

        End(job.Id, state, outcome.FailureReason ?? outcome.Summary);
    }

    /// <summary>Whether the object in <paramref name="path"/> is of a kind the profile asks for; objects of no known kind are always sent.</summary>
    private static bool InProfile(ResultOutputs profile, string path)
    {
        var sopClass = Part10HeaderReader.ReadFile(path).Dataset.GetUid(DicomTags.SOPClassUID);
        return ResultProfile.KindOf(sopClass) is not { } kind || profile.HasFlag(kind);
    }

    private IReadOnlyList<AnalysisSeries> SeriesOf(JobRecord job)
    {
        var details = _jobs.Get(job.Id)!;
        var instances = _index.InstancesOfStudy(job.StudyInstanceUid).Where(i => i.Id <= job.ThroughInstanceId).ToLookup(i => i.SeriesInstanceUid);
        return details.Series
            .Select(s => new AnalysisSeries(s.SeriesInstanceUid, s.Modality,
                instances[s.SeriesInstanceUid].Select(i => new AnalysisInstance(i.SopInstanceUid, i.SopClassUid, i.Path)).ToList()))
            .ToList();
    }

    private void End(long jobId, JobState state, string summary) => JobLog.JobEnded(_logger, jobId, JobStore.Name(state), summary);

    private void TryFail(long jobId, string reason)
    {
        try
        {
            _jobs.Fail(jobId, reason, _time.GetUtcNow());
        }
        catch (System.Data.Common.DbException ex)
        {
            // The job stays running in the table and is queued again at the next start.
            JobLog.StoreUnavailable(_logger, ex);
        }
    }
}
