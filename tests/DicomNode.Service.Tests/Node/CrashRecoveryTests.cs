using System.Diagnostics;
using System.Globalization;
using DicomNode.Service.Tests.Cli;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Inbox;

namespace DicomNode.Service.Tests.Node;

/// <summary>
/// The node killed with SIGKILL while storescu sends, again and again: every instance storescu saw
/// acknowledged must be on disk and in the index after the restart, and re-sending completes the study.
/// Several storescu send at once, so that instances of several associations share a group commit (issue 23).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CrashRecoveryTests : IDisposable
{
    // Enough that twenty kills cannot run out of instances: a cold first round can see 300 acknowledged before its kill lands.
    private const int Instances = 2000;
    private const int Kills = 20;

    // Parallel associations, each sending its share of the files.
    private const int Senders = 3;
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SigkillDuringStorescu_LosesNoAcknowledgedInstance()
    {
        var files = TestSeries.Write(Path.Combine(_folder, "series"), Instances, size: 256);
        var data = Path.Combine(_folder, "data");
        var port = NodeProcess.FreePort();
        var random = new Random(20261124);
        var acknowledged = new HashSet<string>(StringComparer.Ordinal);
        var report = new List<string>();

        for (var round = 1; round <= Kills; round++)
        {
            var node = await StartNodeAsync(port, data);
            // Kill once storescu has had a random number of new instances acknowledged, plus a random
            // few milliseconds: the next instance is then in flight, half received or half written.
            var target = acknowledged.Count + random.Next(1, 20);
            var senders = Enumerable.Range(0, Senders).Select(s => Storescu(port, files.Keys.Where((_, i) => i % Senders == s))).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (senders.Sum(s => s.Successes()) < target && senders.Any(s => !s.Process.HasExited) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2);
            }

            var delay = random.Next(0, 25);
            await Task.Delay(delay);
            await node.KillAsync();
            var outputs = new List<string>();
            var confirmed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var sender in senders)
            {
                var output = await FinishAsync(sender);
                outputs.Add(output);
                confirmed.UnionWith(Acknowledged(output, files));
            }

            acknowledged.UnionWith(confirmed);

            // After the restart (recovery runs before the listener opens) every acknowledged instance is there.
            await using var restarted = await StartNodeAsync(port, data);
            Assert.True(confirmed.Count < Instances, $"round {round}: the kill came after storescu had finished, so it tested nothing");
            var missing = Missing(data, acknowledged);
            Assert.True(missing.Count == 0, $"round {round}: {missing.Count} acknowledged instance(s) lost, e.g. {missing.FirstOrDefault()}");
            report.Add($"round {round}: killed {delay} ms after the {target}th acknowledgement was due, {confirmed.Count} acknowledged before the kill, {acknowledged.Count} in all; storescu ended: {LastLine(outputs[0])}");
            await restarted.KillAsync();
        }

        // Re-sending everything completes the study: all the instances, each stored once.
        await using (var node = await StartNodeAsync(port, data))
        {
            var output = await FinishAsync(Storescu(port, files.Keys));
            Assert.Equal(Instances, Acknowledged(output, files).Count);
        }

        using var database = NodeDatabase.Open(Path.Combine(data, "node.db"));
        Assert.Equal(Instances, new InstanceIndex(database).Count());
        Assert.Empty(Missing(data, files.Values.ToHashSet()));
        Assert.True(acknowledged.Count > 0, "the kills all came before any instance was acknowledged: " + string.Join("; ", report));
        Console.WriteLine(string.Join(Environment.NewLine, report));
    }

    private static Task<NodeProcess> StartNodeAsync(int port, string data)
    {
        // serve --data reads the data folder's appsettings.json: the caller storescu uses is accepted there.
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "appsettings.json"), """{ "AcceptedCallers": [ { "AeTitle": "MODALITY" } ] }""");
        return NodeProcess.StartAsync("--aet", "NODE", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--data", data, "--http-port", "0");
    }

    /// <summary>storescu sending every file in one association; its output is read as it comes, so it never blocks on a full pipe.</summary>
    private static RunningStorescu Storescu(int port, IEnumerable<string> files)
    {
        // stdbuf: storescu's output is block-buffered on a pipe; line buffering lets us count responses as they come.
        var info = new ProcessStartInfo("stdbuf") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-oL", "-eL", "storescu", "-v", "-aec", "NODE", "-aet", "MODALITY", "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture) }.Concat(files))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["TCP_NODELAY"] = "1";
        return new RunningStorescu(Process.Start(info)!);
    }

    private static async Task<string> FinishAsync(RunningStorescu storescu)
    {
        using var process = storescu.Process;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return await storescu.OutputAsync();
    }

    /// <summary>The instances storescu reports a success response for: each "Sending file" line followed by a success.</summary>
    private static HashSet<string> Acknowledged(string output, IReadOnlyDictionary<string, string> files)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        string? sending = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.Contains("Sending file: ", StringComparison.Ordinal))
            {
                sending = line[(line.IndexOf("Sending file: ", StringComparison.Ordinal) + 14)..].Trim();
            }
            else if (line.Contains("Received Store Response (Success)", StringComparison.Ordinal) && sending is not null)
            {
                result.Add(files[sending]);
                sending = null;
            }
        }

        return result;
    }

    private static string LastLine(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("XMIT", StringComparison.Ordinal)).TakeLast(8));

    private static List<string> Missing(string data, IReadOnlySet<string> uids)
    {
        using var database = NodeDatabase.Open(Path.Combine(data, "node.db"));
        var index = new InstanceIndex(database);
        return uids.Where(uid => index.Find(uid) is not { } stored || !File.Exists(stored.Path)).ToList();
    }

    /// <summary>A storescu process whose output is collected as it arrives, with a live count of success responses.</summary>
    private sealed class RunningStorescu
    {
        private readonly System.Text.StringBuilder _output = new();
        private readonly Task _reading;
        private int _successes;

        public RunningStorescu(Process process)
        {
            Process = process;
            _reading = Task.WhenAll(ReadAsync(process.StandardOutput), ReadAsync(process.StandardError));
        }

        public Process Process { get; }

        public int Successes() => Volatile.Read(ref _successes);

        public async Task<string> OutputAsync()
        {
            await _reading;
            lock (_output)
            {
                return _output.ToString();
            }
        }

        private async Task ReadAsync(StreamReader reader)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.Contains("Received Store Response (Success)", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _successes);
                }

                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}
