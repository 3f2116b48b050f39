using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Interop;

/// <summary>The outbox against a real storescp that goes away and comes back.</summary>
public sealed class OutboxStorescpTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly Storescp _storescp = new();
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _storescp.Dispose();
        _node.Dispose();
    }

    [StorescpFact]
    public async Task DestinationDown_ItemsWaitWithBackOff_AndAreDeliveredOnceWhenItReturns()
    {
        var routing = new RoutingOptions { Destinations = { new DestinationOptions { Name = "pacs", AeTitle = Storescp.AeTitle, Host = "127.0.0.1", Port = _storescp.Port } } };
        var options = new OutboxOptions { InitialRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(5), MaxAge = TimeSpan.FromHours(1) };
        var delivery = new OutboxDelivery(_node.OutboxStore, new DicomClientSender(() => "DICOMNODE", TimeSpan.FromSeconds(5)), () => routing, () => options, _node.Time);
        var run = delivery.RunAsync(_stop.Token);

        // Down: nothing listens on the port.
        var first = await EnqueueAsync(3);
        await Eventually.AdvanceUntilAsync(_node.Time, TimeSpan.FromSeconds(5), () => first.All(s => Item(s).Attempts >= 3), "three refused attempts each");
        Assert.All(first, s => Assert.Equal(OutboxState.Pending, Item(s).State));
        Assert.All(first, s => Assert.Contains("refused", Item(s).LastError, StringComparison.OrdinalIgnoreCase));

        // Back: delivery resumes at the next attempt.
        await _storescp.StartAsync();
        await Eventually.AdvanceUntilAsync(_node.Time, TimeSpan.FromSeconds(5), () => first.All(s => Item(s).State == OutboxState.Sent), "all three are sent");

        // Down again, then back again: the second batch waits and then arrives too.
        _storescp.Stop();
        var second = await EnqueueAsync(2);
        await Eventually.AdvanceUntilAsync(_node.Time, TimeSpan.FromSeconds(5), () => second.All(s => Item(s).Attempts >= 2), "two refused attempts each");
        await _storescp.StartAsync();
        await Eventually.AdvanceUntilAsync(_node.Time, TimeSpan.FromSeconds(5), () => second.All(s => Item(s).State == OutboxState.Sent), "the second batch is sent");

        // Exactly one file per SOP Instance UID, with the UIDs we queued.
        Assert.Equal(first.Concat(second).Order(StringComparer.Ordinal), _storescp.Received.Order(StringComparer.Ordinal));
        await _stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<List<string>> EnqueueAsync(int count)
    {
        var sources = Directory.CreateTempSubdirectory("dicomnode-results-").FullName;
        try
        {
            var paths = Enumerable.Range(0, count).Select(i =>
            {
                var path = Path.Combine(sources, $"{i}.dcm");
                TestInstances.WriteFile(path, TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid()));
                return path;
            }).ToList();
            return (await _node.Outbox.EnqueueAsync("pacs", paths)).Select(e => e.SopInstanceUid).ToList();
        }
        finally
        {
            Directory.Delete(sources, recursive: true);
        }
    }

    private OutboxItem Item(string sop) => _node.OutboxStore.List(limit: 1000).Single(i => i.SopInstanceUid == sop);
}
