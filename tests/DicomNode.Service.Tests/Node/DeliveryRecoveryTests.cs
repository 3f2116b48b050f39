using System.Diagnostics;
using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Service.Tests.Cli;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;

namespace DicomNode.Service.Tests.Node;

/// <summary>
/// SIGKILL while a job runs and while results are delivered; a destination that is down; a disk below
/// the free-space threshold. Real node processes, a real storescp as the destination.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class DeliveryRecoveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-delivery-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Data => Path.Combine(_folder, "data");

    private string Received => Path.Combine(_folder, "received");

    [Fact]
    public async Task SigkillDuringARunningJob_RunsItAgainAndDeliversEachResultOnce()
    {
        var (port, scpPort) = (NodeProcess.FreePort(), NodeProcess.FreePort());
        var config = NodeConfig.Write(NodeConfig.Create(port, Data, scpPort, pipeline: "echo", echoDelaySeconds: 3), Path.Combine(_folder, "node.json"));
        using var storescp = new PeerKiller(StartStorescp(scpPort));
        var sent = TestSeries.Write(Path.Combine(_folder, "series"), 5);

        var node = await NodeProcess.StartAsync("--config", config);
        await SendAsync(port, sent.Keys);
        await WaitUntilAsync(() => Jobs().List(JobState.Running).Count == 1, "a job to be running");
        await node.KillAsync();

        await using (await NodeProcess.StartAsync("--config", config))
        {
            await WaitUntilAsync(() => Jobs().List(JobState.Succeeded).Count == 1, "the job to run again and succeed");
            await WaitUntilAsync(() => ReceivedUids().Count == 1 && Outbox().List(OutboxState.Sent).Count == 1, "the result to arrive");
        }

        var job = Assert.Single(Jobs().List());
        Assert.Equal(2, job.Runs);
        Assert.Single(ReceivedUids());
    }

    [Fact]
    public async Task SigkillDuringDelivery_ResumesAndTheDestinationHasEachResultOnce()
    {
        var (port, scpPort, httpPort) = (NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort());
        var config = NodeConfig.Write(NodeConfig.Create(port, Data, scpPort, pipeline: "echo", httpPort: httpPort), Path.Combine(_folder, "node.json"));

        // Twenty one-instance series give twenty results; the destination is down at first.
        var series = Enumerable.Range(0, 20).SelectMany(i => TestSeries.Write(Path.Combine(_folder, $"series{i}"), 1).Keys).ToList();
        var node = await NodeProcess.StartAsync("--config", config);
        await SendAsync(port, series);
        await WaitUntilAsync(() => Outbox().List(OutboxState.Pending).Count(i => i.Attempts > 0) == 20,
            () => $"the results to wait for the destination: jobs {string.Join(", ", Jobs().CountByState())}; outbox {string.Join(", ", Outbox().List().Select(i => $"{i.State}/{i.Attempts}"))}");

        // Waiting results are visible to the operator and to monitoring.
        var (_, list, _) = CliRunner.Run("outbox", "list", "--config", config);
        Assert.Contains("pending", list, StringComparison.Ordinal);
        await WaitForMetricAsync(httpPort, "dicomnode_outbox_items{destination=\"PACS\",state=\"pending\"} 20");

        // The destination comes back; kill the node as soon as the first results land.
        using var storescp = new PeerKiller(StartStorescp(scpPort));
        await WaitUntilAsync(() => ReceivedUids().Count >= 1, "delivery to start", pollMilliseconds: 2);
        await node.KillAsync();
        var beforeKill = ReceivedUids().Count;

        await using (await NodeProcess.StartAsync("--config", config))
        {
            await WaitUntilAsync(() => Outbox().List(OutboxState.Sent).Count == 20, "delivery to resume and finish");
        }

        Assert.Equal(20, ReceivedUids().Count);
        Assert.Equal(20, ReceivedUids().Distinct().Count());
        Console.WriteLine($"{beforeKill} of 20 results had arrived when the node was killed");
    }

    /// <summary>
    /// Issue 22, acceptance f: ten SIGKILLs while jobs run and results are delivered. storescp keeps every
    /// reception (unique file names), so a result sent twice is two files. Every result arrives, none more than twice,
    /// and a job run again after a kill writes the UIDs of its first run: the destination never sees more distinct
    /// results than the jobs make.
    /// </summary>
    /// <remarks>
    /// A kill re-sends at most the one result in flight: the one whose C-STORE the destination had accepted before its
    /// record was committed. After a restart that result goes out again and is recorded; each round waits for that
    /// (every result the destination holds recorded as sent) before it arms the next kill, so each kill falls on the
    /// transfer of a result that has not been sent before — as crashes on a real site do, unless two of them in a row
    /// interrupt the same transfer, which no sender can tell apart from a lost result without asking the destination what
    /// it holds (at load 80, with kills not waiting, the first result after each restart was in flight at five kills in a
    /// row and arrived six times). Duplicates therefore number at most the kills, and each result arrives at most twice.
    /// </remarks>
    [Fact]
    public async Task TenSigkillsDuringJobsAndDelivery_DeliverEveryResult_UnderTheUidsOfTheFirstRun()
    {
        const int results = 12;
        var (port, scpPort) = (NodeProcess.FreePort(), NodeProcess.FreePort());
        var config = NodeConfig.Write(NodeConfig.Create(port, Data, scpPort, pipeline: "echo", echoDelaySeconds: 1), Path.Combine(_folder, "node.json"));
        var series = Enumerable.Range(0, results).SelectMany(i => TestSeries.Write(Path.Combine(_folder, $"series{i}"), 1).Keys).ToList();
        using var storescp = new PeerKiller(StartStorescp(scpPort, uniqueFileNames: true));

        var node = await NodeProcess.StartAsync("--config", config);
        await SendAsync(port, series);
        var kills = 0;
        var pause = new Random(22);
        for (; kills < 10 && Outbox().List(OutboxState.Sent).Count < results; kills++)
        {
            // A result in flight at the last kill is sent again and recorded before the next kill is armed.
            await WaitUntilAsync(
                () => ReceivedUids().ToHashSet(StringComparer.Ordinal).IsSubsetOf(Outbox().List(OutboxState.Sent).Select(i => i.SopInstanceUid)),
                "every result the destination holds to be recorded as sent");

            // Kill after a job has finished (its result then goes out) and a pause of up to 400 ms.
            var done = Jobs().List(JobState.Succeeded).Count;
            await WaitUntilAsync(() => Jobs().List(JobState.Succeeded).Count > done || Outbox().List(OutboxState.Sent).Count == results, "a job to finish");
            await Task.Delay(pause.Next(0, 400));
            await node.KillAsync();
            await node.DisposeAsync();
            node = await NodeProcess.StartAsync("--config", config);
        }

        await using (node)
        {
            await WaitUntilAsync(() => Outbox().List(OutboxState.Sent).Count == results, "every result to be delivered");
        }

        var received = ReceivedUids();
        var perUid = received.GroupBy(u => u, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.True(kills >= 5, $"only {kills} kills happened before every result was delivered");
        Assert.Equal(results, perUid.Count);
        Assert.Equal(Outbox().List(OutboxState.Sent).Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal), perUid.Keys.Order(StringComparer.Ordinal));
        Console.WriteLine($"{kills} kills; {received.Count} receptions of {results} results; at most {perUid.Values.Max()} of one result");
        var duplicates = perUid.Values.Sum(n => n - 1);
        var repeated = string.Join(", ", perUid.Where(p => p.Value > 1).Select(p => $"{p.Key} × {p.Value}"));
        Assert.True(duplicates <= kills, $"{duplicates} duplicate receptions after {kills} kills: a kill re-sent more than the one result in flight ({repeated})");
        Assert.True(perUid.Values.Max() <= 2, $"a result arrived more than twice ({repeated})");
    }

    [Fact]
    public async Task ExhaustedRetries_ShowAsFailedInOutboxListAndMetrics_AndRetryDeliversThem()
    {
        var (port, scpPort, httpPort) = (NodeProcess.FreePort(), NodeProcess.FreePort(), NodeProcess.FreePort());
        var config = NodeConfig.Write(NodeConfig.Create(port, Data, scpPort, httpPort: httpPort), Path.Combine(_folder, "node.json"));

        // A result queued two hours ago for a destination that is down: past Outbox:MaxAgeHours (1) at its next attempt.
        var result = TestSeries.Write(Path.Combine(_folder, "result"), 1).Keys.Single();
        var layout = new DicomNode.Workflow.Storage.NodeDataLayout(Data);
        layout.EnsureCreated();
        using (var database = NodeDatabase.Open(layout.DatabasePath))
        {
            var store = new OutboxStore(database);
            var entry = await new DurableOutbox(layout, store, TimeProvider.System).StageAsync("PACS", 0, result);
            store.Enqueue(new[] { entry with { JobId = null } }, DateTimeOffset.UtcNow.AddHours(-2));
        }

        var configObject = NodeConfig.Create(port, Data, scpPort, httpPort: httpPort);
        configObject["Outbox"]!["MaxAgeHours"] = 1;
        NodeConfig.Write(configObject, config);
        await using (await NodeProcess.StartAsync("--config", config))
        {
            await WaitUntilAsync(() => Outbox().List(OutboxState.Failed).Count == 1, "the item to be given up");
            var (_, list, _) = CliRunner.Run("outbox", "list", "--state", "failed", "--config", config);
            Assert.Contains("failed", list, StringComparison.Ordinal);
            Assert.Contains(Outbox().List().Single().SopInstanceUid, list, StringComparison.Ordinal);
            await WaitForMetricAsync(httpPort, "dicomnode_outbox_items{destination=\"PACS\",state=\"failed\"} 1");

            // The destination is back; the operator retries and the running node delivers at once.
            using var storescp = new PeerKiller(StartStorescp(scpPort));
            var (code, retried, _) = CliRunner.Run("outbox", "retry", "--config", config);
            Assert.Equal(0, code);
            Assert.Contains("1 item(s) queued again", retried, StringComparison.Ordinal);
            await WaitUntilAsync(() => Outbox().List(OutboxState.Sent).Count == 1, "the retried item to be delivered");
        }

        Assert.Single(ReceivedUids());
    }

    [Fact]
    public async Task BelowTheFreeSpaceThreshold_AnswersA700AndLeavesNoFile_ThenServesOnceSpaceReturns()
    {
        var port = NodeProcess.FreePort();
        var configObject = NodeConfig.Create(port, Data);
        configObject["Inbox"]!["MinimumFreeMegabytes"] = 1_000_000_000;
        var config = NodeConfig.Write(configObject, Path.Combine(_folder, "node.json"));
        var file = TestSeries.Write(Path.Combine(_folder, "series"), 1).Keys.Single();

        await using var node = await NodeProcess.StartAsync("--config", config);
        var refused = await StoreAsync(port, file);
        Assert.Equal(DimseStatus.OutOfResources.Code, refused.Status!.Value.Code);
        Assert.Empty(Directory.GetFiles(Path.Combine(Data, "inbox"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(Data, "tmp"), "*", SearchOption.AllDirectories));

        // Space returns (here: the threshold is lowered while the node runs).
        configObject["Inbox"]!["MinimumFreeMegabytes"] = 0;
        NodeConfig.Write(configObject, config);
        await WaitUntilAsync(() => StoreAsync(port, file).GetAwaiter().GetResult().Succeeded, "the store to succeed again", pollMilliseconds: 300);
        Assert.Single(Directory.GetFiles(Path.Combine(Data, "inbox"), "*.dcm", SearchOption.AllDirectories));
    }

    private static async Task<CStoreResult> StoreAsync(int port, string file) =>
        (await Client(port).StoreFilesAsync(new[] { file })).Single();

    private static async Task SendAsync(int port, IEnumerable<string> files)
    {
        var results = await Client(port).StoreFilesAsync(files.ToList());
        Assert.All(results, r => Assert.True(r.Succeeded, r.ToString()));
    }

    private static DicomClient Client(int port) => new(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAeTitle = "MODALITY", CalledAeTitle = "NODE" });

    private Process StartStorescp(int port, bool uniqueFileNames = false)
    {
        Directory.CreateDirectory(Received);
        var info = new ProcessStartInfo("storescp") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-aet", "STORESCP", "-od", Received, port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        if (uniqueFileNames)
        {
            // Every reception its own file, so that a result received twice is counted twice.
            info.ArgumentList.Add("+uf");
        }

        info.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    /// <summary>SOP Instance UIDs of what storescp stored (it names files modality.UID, so a UID received twice is one file).</summary>
    private List<string> ReceivedUids() => Directory.Exists(Received)
        ? Directory.GetFiles(Received).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)).Select(Uid).Where(u => u is not null).Select(u => u!).ToList()
        : new List<string>();

    private static string? Uid(string path)
    {
        try
        {
            return Part10Reader.ReadFile(path).Dataset.GetUid(DicomTags.SOPInstanceUID);
        }
        catch (Exception ex) when (ex is DicomFormatException or IOException)
        {
            return null;
        }
    }

    private JobStore Jobs() => new(Database());

    private OutboxStore Outbox() => new(Database());

    private NodeDatabase Database() => NodeDatabase.Open(Path.Combine(Data, "node.db"));

    /// <summary>
    /// Waits for /metrics to carry <paramref name="line"/>. The outbox can give an item up before the HTTP listener has
    /// opened, so a refused connection just means "not yet" (<see cref="Check"/>).
    /// </summary>
    private static async Task WaitForMetricAsync(int httpPort, string line)
    {
        using var http = new HttpClient();
        var metrics = string.Empty;
        await WaitUntilAsync(
            () => (metrics = http.GetStringAsync(new Uri($"http://127.0.0.1:{httpPort}/metrics")).GetAwaiter().GetResult()).Contains(line, StringComparison.Ordinal),
            () => $"/metrics to report {line}; it said: {(metrics.Length == 0 ? "nothing yet" : metrics)}");
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what, int pollMilliseconds = 100) =>
        WaitUntilAsync(condition, () => what, pollMilliseconds);

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> what, int pollMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Check(condition))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what()}");
            await Task.Delay(pollMilliseconds);
        }
    }

    /// <summary>Kills a peer process when the test ends, whatever happened.</summary>
    private sealed class PeerKiller(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }
    }

    private static bool Check(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (Exception ex) when (ex is IOException or Microsoft.Data.Sqlite.SqliteException or DicomNode.Dicom.Network.Association.DicomAssociationException or System.Net.Sockets.SocketException or HttpRequestException)
        {
            return false;
        }
    }

}
