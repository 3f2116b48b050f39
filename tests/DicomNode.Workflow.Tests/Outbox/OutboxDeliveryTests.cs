using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Outbox;

public abstract class OutboxDeliveryTests : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly TestNode _node;

    protected OutboxDeliveryTests(StoreEngine engine) => _node = new TestNode(engine: engine);
    private readonly CancellationTokenSource _stop = new();
    private readonly RoutingOptions _routing = new() { Destinations = { new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "10.0.0.9", Port = 104 } } };
    private OutboxOptions _options = new() { InitialRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(2), MaxAge = TimeSpan.FromHours(1) };

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _node.Dispose();
    }

    [StoreFact]
    public async Task FailedDelivery_IsRetriedWithBackOff_WithTheSameSopInstanceUid_UntilItSucceeds()
    {
        var sender = new FakeSender(_node.Time, failures: 4);
        var sop = (await EnqueueAsync(1))[0];
        var run = Delivery(sender).RunAsync(_stop.Token);

        await Eventually.AdvanceUntilAsync(_node.Time, Second, () => Item(sop).State == OutboxState.Sent, "the item is sent");

        var attempts = sender.Attempts;
        Assert.Equal(5, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(sop, a.SopInstanceUid));
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b.At - a.At).ToList();
        var policy = new RetryPolicy(_options);
        for (var i = 0; i < gaps.Count; i++)
        {
            // Equal jitter: between half and all of the step, plus a few fake-clock ticks of the test.
            Assert.InRange(gaps[i], policy.Step(i + 1) / 2, policy.Step(i + 1) + (3 * Second));
        }

        Assert.Equal(5, Item(sop).Attempts);
        Assert.False(File.Exists(Item(sop).Path));
        await StopAsync(run);
    }

    [StoreFact]
    public async Task ItemOlderThanTheMaximumAge_IsFailedAndVisible_AndRetryQueuesItAgain()
    {
        _options = _options with { MaxAge = TimeSpan.FromMinutes(3) };
        var sender = new FakeSender(_node.Time, failures: 0) { Down = true };
        var sop = (await EnqueueAsync(1))[0];
        var run = Delivery(sender).RunAsync(_stop.Token);

        await Eventually.AdvanceUntilAsync(_node.Time, Second, () => Item(sop).State == OutboxState.Failed, "the item fails");

        var failed = Assert.Single(_node.OutboxStore.List(OutboxState.Failed));
        Assert.Contains("Connection refused", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(3), failed.LastAttemptAt - failed.EnqueuedAt);
        Assert.Contains(_node.OutboxStore.Depths(), d => d is { Destination: "pacs", State: OutboxState.Failed, Count: 1 });

        sender.Down = false;
        Assert.Equal(1, _node.OutboxStore.Retry(_node.Time.GetUtcNow()));
        await Eventually.TrueAsync(() => Item(sop).State == OutboxState.Sent, "the retried item is sent");
        Assert.Equal(1, Item(sop).Attempts);
        await StopAsync(run);
    }

    [StoreFact]
    public async Task DestinationThatComesBack_GetsItsWholeQueueDrained()
    {
        var sender = new FakeSender(_node.Time, failures: 0) { Down = true };
        var run = Delivery(sender).RunAsync(_stop.Token);
        var early = await EnqueueAsync(3);
        await Eventually.AdvanceUntilAsync(_node.Time, Second, () => _node.OutboxStore.List().All(i => i.Attempts >= 5), "five failed attempts");
        var late = await EnqueueAsync(1);
        await Eventually.TrueAsync(() => Item(late[0]).Attempts == 1, "the new item is tried at once");

        // The destination is back; the new item's early retry reaches it and frees the rest of the queue.
        sender.Down = false;
        await Eventually.AdvanceUntilAsync(_node.Time, Second, () => Item(late[0]).State == OutboxState.Sent, "the new item is sent");
        await Eventually.TrueAsync(() => early.All(sop => Item(sop).State == OutboxState.Sent), "the queue drains without waiting for back-off");

        Assert.True(_node.Time.GetUtcNow() < _node.OutboxStore.List().Where(i => early.Contains(i.SopInstanceUid)).Max(i => i.LastAttemptAt!.Value) + TimeSpan.FromSeconds(1));
        await StopAsync(run);
    }

    [StoreFact]
    public async Task Restart_DeliversItemsThatWerePending()
    {
        var sops = await EnqueueAsync(2);
        _node.Reopen();
        var sender = new FakeSender(_node.Time, failures: 0);

        var run = Delivery(sender).RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => sops.All(s => Item(s).State == OutboxState.Sent), "both items are sent");
        Assert.Equal(2, sender.Attempts.Count);
        await StopAsync(run);
    }

    private async Task<List<string>> EnqueueAsync(int count)
    {
        var sources = Directory.CreateTempSubdirectory("dicomnode-results-").FullName;
        try
        {
            var paths = Enumerable.Range(0, count).Select(i =>
            {
                var path = Path.Combine(sources, $"{i}.dcm");
                TestInstances.WriteFile(path, TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid(), modality: "SEG"));
                return path;
            }).ToList();
            var entries = await _node.Outbox.EnqueueAsync("pacs", paths);
            return entries.Select(e => e.SopInstanceUid).ToList();
        }
        finally
        {
            Directory.Delete(sources, recursive: true);
        }
    }

    private OutboxItem Item(string sop) => _node.OutboxStore.List(limit: 1000).Single(i => i.SopInstanceUid == sop);

    private OutboxDelivery Delivery(IDicomSender sender) =>
        new(_node.OutboxStore, sender, () => _routing, () => _options, _node.Time, random: new Random(42));

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

public sealed class OutboxDeliveryTestsOnSqlite() : OutboxDeliveryTests(StoreEngine.Sqlite);

public sealed class OutboxDeliveryTestsOnPostgreSql() : OutboxDeliveryTests(StoreEngine.PostgreSql);
