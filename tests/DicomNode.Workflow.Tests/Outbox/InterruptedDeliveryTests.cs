using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Outbox;

/// <summary>Issue 22, point 6: each accepted C-STORE is recorded before the next is sent.</summary>
public abstract class InterruptedDeliveryTests : IDisposable
{
    private readonly TestNode _node;

    protected InterruptedDeliveryTests(StoreEngine engine) => _node = new TestNode(engine: engine);
    private readonly RoutingOptions _routing = new() { Destinations = { new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "10.0.0.9", Port = 104 } } };
    private readonly OutboxOptions _options = new() { InitialRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(2), MaxAge = TimeSpan.FromHours(1) };

    public void Dispose() => _node.Dispose();

    [Theory]
    [InlineData(0, 5)]
    [InlineData(3, 8)]
    [InlineData(7, 8)]
    public async Task Issue22_DeliveryInterruptedAfterKAcceptedStores_ResendsOnlyTheOneInFlight_AfterRestart(int accepted, int count)
    {
        var sops = await EnqueueAsync(count);
        var interrupted = new InterruptedSender(accepted);
        using (var crash = new CancellationTokenSource())
        {
            var run = Delivery(interrupted).RunAsync(crash.Token);
            await interrupted.Stalled.WaitAsync(TimeSpan.FromSeconds(30));

            // What the database holds at this moment is what a killed node finds at its next start.
            Assert.Equal(accepted, _node.OutboxStore.List(OutboxState.Sent, limit: 1000).Count);
            await crash.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        _node.Reopen();
        var restarted = new FakeSender(_node.Time, failures: 0);
        using var stop = new CancellationTokenSource();
        var again = Delivery(restarted).RunAsync(stop.Token);
        await Eventually.TrueAsync(() => _node.OutboxStore.List(OutboxState.Sent, limit: 1000).Count == count, "every item is sent");
        await stop.CancelAsync();
        await again.WaitAsync(TimeSpan.FromSeconds(10));

        var resent = restarted.Attempts.Select(a => a.SopInstanceUid).ToList();
        Assert.Equal(count - accepted, resent.Count);
        Assert.Equal(interrupted.Received[^1], resent[0]);
        var deliveries = interrupted.Received.Concat(resent).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(sops.Order(), deliveries.Keys.Order());
        Assert.Equal(1, deliveries.Values.Count(n => n == 2));
        Assert.All(deliveries.Values, n => Assert.InRange(n, 1, 2));
    }

    [StoreFact]
    public async Task AResultQueuedAgainAfterItWasSent_StaysSent_AndIsNotSentAgain()
    {
        var sop = (await EnqueueAsync(1))[0];
        var item = Assert.Single(_node.OutboxStore.List());
        _node.OutboxStore.MarkSent(item.Id, _node.Time.GetUtcNow());

        // A job run again (after a crash, or retried) stages the same SOP instance for the same destination.
        _node.Database.InTransaction((connection, transaction) =>
            OutboxStore.Insert(connection, transaction, new OutboxEntry("pacs", null, sop, item.SopClassUid, item.Path + ".again"), _node.Time.GetUtcNow()));

        var after = Assert.Single(_node.OutboxStore.List());
        Assert.Equal(OutboxState.Sent, after.State);
        Assert.Equal(item.Path, after.Path);
        Assert.Empty(_node.OutboxStore.Due("pacs", _node.Time.GetUtcNow() + TimeSpan.FromDays(1), 10));

        // One still pending is replaced by the newer staging.
        var pending = (await EnqueueAsync(1))[0];
        var queued = Assert.Single(_node.OutboxStore.List(OutboxState.Pending));
        _node.Database.InTransaction((connection, transaction) =>
            OutboxStore.Insert(connection, transaction, new OutboxEntry("pacs", null, pending, queued.SopClassUid, queued.Path + ".again"), _node.Time.GetUtcNow()));
        Assert.Equal(queued.Path + ".again", Assert.Single(_node.OutboxStore.List(OutboxState.Pending)).Path);
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

    private OutboxDelivery Delivery(IDicomSender sender) =>
        new(_node.OutboxStore, sender, () => _routing, () => _options, _node.Time, random: new Random(42));
}

public sealed class InterruptedDeliveryTestsOnSqlite() : InterruptedDeliveryTests(StoreEngine.Sqlite);

public sealed class InterruptedDeliveryTestsOnPostgreSql() : InterruptedDeliveryTests(StoreEngine.PostgreSql);
