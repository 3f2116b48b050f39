using System.Collections.Concurrent;
using System.Threading.Channels;
using DicomNode.Dicom.Network.Services;
using DicomNode.Workflow.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Workflow.Outbox;

/// <summary>
/// Delivers the outbox: one loop per destination, started for every destination with pending items and
/// whenever items are queued for a new one. A loop sends its due items in batches (one association
/// each), then sleeps until the earliest next attempt or until its doorbell rings — no polling. A failed
/// attempt is rescheduled by <see cref="RetryPolicy"/> or, past the maximum age, marked failed. When a
/// destination accepts anything, all its waiting items become due at once, so it drains as soon as it
/// is back. Every attempt sends the same stored file, so the SOP Instance UID never changes, and each
/// accepted C-STORE is recorded before the next is sent, so a crash re-sends at most the one in flight.
/// </summary>
public sealed class OutboxDelivery
{
    private readonly OutboxStore _store;
    private readonly IDicomSender _sender;
    private readonly Func<RoutingOptions> _routing;
    private readonly Func<OutboxOptions> _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Channel<bool>> _doorbells = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _loops = new(StringComparer.Ordinal);
    private CancellationToken _stopping;
    private volatile bool _started;

    public OutboxDelivery(
        OutboxStore store,
        IDicomSender sender,
        Func<RoutingOptions> routing,
        Func<OutboxOptions> options,
        TimeProvider time,
        ILogger<OutboxDelivery>? logger = null,
        Random? random = null)
    {
        _store = store;
        _sender = sender;
        _routing = routing;
        _options = options;
        _time = time;
        _random = random ?? new Random();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _store.ItemsQueued += Notify;
    }

    /// <summary>Items of <paramref name="destination"/> may be due: wake (or start) its loop. Called for you by <see cref="OutboxStore"/>.</summary>
    public void Notify(string destination)
    {
        Doorbell(destination).Writer.TryWrite(true);
        if (_started)
        {
            EnsureLoop(destination);
        }
    }

    /// <summary>Runs the delivery loops until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        _store.ReleaseInterruptedClaims();
        _started = true;
        foreach (var destination in _store.PendingDestinations().Concat(_doorbells.Keys))
        {
            EnsureLoop(destination);
        }

        try
        {
            // On a shared database other nodes queue items and may die holding claims: look every quarter lease.
            while (_store.Shared)
            {
                await Task.Delay(_store.Lease / 4, _time, cancellationToken).ConfigureAwait(false);
                try
                {
                    foreach (var destination in _store.PendingDestinations())
                    {
                        Notify(destination);
                    }
                }
                catch (System.Data.Common.DbException ex)
                {
                    OutboxLog.LoopError(_logger, ex, "(every destination)", _store.Lease / 4);
                }
            }

            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(_loops.Values).ConfigureAwait(false);
        }
    }

    private Channel<bool> Doorbell(string destination) =>
        _doorbells.GetOrAdd(destination, _ => Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite }));

    private void EnsureLoop(string destination)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _loops.GetOrAdd(destination, d => Task.Run(() => LoopAsync(d, _stopping)));
    }

    private async Task LoopAsync(string destination, CancellationToken cancellationToken)
    {
        var doorbell = Doorbell(destination);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                doorbell.Reader.TryRead(out _);
                var options = _options();
                var due = _store.Due(destination, _time.GetUtcNow(), options.BatchSize);
                if (due.Count > 0)
                {
                    await DeliverAsync(destination, due, options, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await SleepAsync(destination, doorbell, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database or file-system error: keep the loop alive, try again after the initial delay.
                var delay = _options().InitialRetryDelay;
                OutboxLog.LoopError(_logger, ex, destination, delay);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits for the earliest next attempt of the destination or for its doorbell, whichever comes first.</summary>
    private async Task SleepAsync(string destination, Channel<bool> doorbell, CancellationToken cancellationToken)
    {
        var next = _store.NextDueAt(destination);
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rung = doorbell.Reader.WaitToReadAsync(wake.Token).AsTask();
        Task woken = rung;
        if (next is { } at)
        {
            var delay = at - _time.GetUtcNow();
            woken = await Task.WhenAny(rung, Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, _time, wake.Token)).ConfigureAwait(false);
        }

        try
        {
            await woken.ConfigureAwait(false);
        }
        finally
        {
            await wake.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(rung).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The doorbell wait was only cancelled because the timer woke us first.
        }
    }

    private async Task DeliverAsync(string destination, IReadOnlyList<OutboxItem> batch, OutboxOptions options, CancellationToken cancellationToken)
    {
        var policy = new RetryPolicy(options);
        var target = Router.Find(_routing(), destination);
        if (target is null)
        {
            FailAll(batch, $"destination '{destination}' is not configured (Routing:Destinations)", policy);
            return;
        }

        // Each accepted C-STORE is marked sent as its response arrives, before the next one goes out: a crash
        // in the middle of a batch re-sends at most the one in flight, never what the destination already has.
        var byPath = batch.GroupBy(i => i.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var recorded = new HashSet<long>();
        var delivered = 0;
        var gate = new object();
        void Record(CStoreResult result)
        {
            lock (gate)
            {
                if (!result.Succeeded || !byPath.TryGetValue(result.Source, out var item) || !recorded.Add(item.Id))
                {
                    return;
                }

                _store.MarkSent(item.Id, _time.GetUtcNow());
                delivered++;
                if (!options.KeepDeliveredFiles)
                {
                    DeleteDelivered(item);
                }
            }
        }

        IReadOnlyList<CStoreResult> results;
        try
        {
            results = await _sender.SendAsync(target, batch.Select(i => i.Path).ToList(), new ImmediateProgress<CStoreResult>(Record), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            OutboxLog.Unreachable(_logger, destination, ex.Message);
            lock (gate)
            {
                FailAll(batch.Where(i => !recorded.Contains(i.Id)).ToList(), ex.Message, policy);
            }

            AfterDelivery(destination, delivered);
            return;
        }

        var last = results.GroupBy(r => r.Source, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        foreach (var item in batch)
        {
            last.TryGetValue(item.Path, out var result);
            if (result is { Succeeded: true })
            {
                Record(result);
            }
            else if (!recorded.Contains(item.Id))
            {
                Fail(item, result?.ToString() ?? "no result from the association", policy, _time.GetUtcNow());
            }
        }

        AfterDelivery(destination, delivered);
    }

    private void AfterDelivery(string destination, int delivered)
    {
        if (delivered > 0)
        {
            OutboxLog.Delivered(_logger, delivered, destination);
            var freed = _store.MakeDueNow(destination, _time.GetUtcNow());
            if (freed > 0)
            {
                OutboxLog.Draining(_logger, destination, freed);
            }
        }
    }

    private void DeleteDelivered(OutboxItem item)
    {
        try
        {
            File.Delete(item.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Sent and recorded; a file left behind is only disk space, and must not stop the rest of the batch.
            OutboxLog.LoopError(_logger, ex, item.Destination, TimeSpan.Zero);
        }
    }

    private void FailAll(IReadOnlyList<OutboxItem> batch, string error, RetryPolicy policy)
    {
        foreach (var item in batch)
        {
            Fail(item, error, policy, _time.GetUtcNow());
        }
    }

    private void Fail(OutboxItem item, string error, RetryPolicy policy, DateTimeOffset now)
    {
        var attempt = item.Attempts + 1;
        DateTimeOffset? next;
        lock (_random)
        {
            next = policy.NextAttempt(attempt, item.EnqueuedAt, now, _random);
        }

        _store.MarkAttemptFailed(item.Id, error, now, next);
        if (next is { } at)
        {
            OutboxLog.AttemptFailed(_logger, item.SopInstanceUid, item.Destination, attempt, error, at);
        }
        else
        {
            OutboxLog.GaveUp(_logger, item.SopInstanceUid, item.Destination, attempt, error);
        }
    }
}
