using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Tests.Interop;
using DicomNode.Dicom.Network.Tests.Interop.Orthanc;
using DicomNode.Phantom;
using DicomNode.Service.Tests.Cli;
using Xunit.Abstractions;

namespace DicomNode.Service.Tests.Node;

/// <summary>
/// Issue 8 end to end with the shipped demonstration models: ten held-out phantom studies (seeds never used in
/// training) sent with storescu to `dicomnode serve`; the SEGs and the SR of five go to a storescp, of the other five
/// to Orthanc (routed by the calling AE title). The received objects are checked by the real peers: dciodvfy,
/// dsrdump, and pydicom placing each SEG frame on its source slice against the phantom's truth labels. The staging
/// agreement and the bone DSC are printed: they measure the demonstration models, whose targets are issue 7's. Stage
/// and counts must equal the truth for at least 9 of 10, and every SEG's mean bone DSC must be at least 0.85 (issue 8's
/// targets). The DWI SEGs reach it because the DWI and its ADC map share one bone segmentation (lowest 0.87 on these
/// phantoms); on its own the bone model's DWI series range from 0.77 to 0.90.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EndToEndAnalysisTests : IDisposable
{
    private const int Studies = 10;
    private const int FirstSeed = 10001;
    private const int QuietPeriodSeconds = 2;

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-e2e-").FullName;
    private readonly ITestOutputHelper _output;

    public EndToEndAnalysisTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PhantomStudiesThroughTheNode_ReachStorescpAndOrthanc_WithStagingThatMatchesTheTruth()
    {
        string phantoms = Path.Combine(_folder, "phantoms"), received = Path.Combine(_folder, "received");
        Directory.CreateDirectory(received);
        var subjects = Enumerable.Range(FirstSeed, Studies).Select(s => PhantomGenerator.Generate(s, PhantomGenerator.ProfileForSeed(s), phantoms)).ToList();

        int port = NodeProcess.FreePort(), scpPort = NodeProcess.FreePort();
        using var orthanc = await OrthancPeer.StartAsync("NODE");
        using var storescp = PeerProcess.Start("storescp", ["-aet", "STORESCP", "-od", received, scpPort.ToString(CultureInfo.InvariantCulture)]);
        var config = NodeConfig.Create(port, Path.Combine(_folder, "data"), pipeline: "analysis");
        config["StudyAssembly"]!["QuietPeriodSeconds"] = QuietPeriodSeconds;
        config["Destinations"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["Name"] = "SCP", ["AeTitle"] = "STORESCP", ["Host"] = "127.0.0.1", ["Port"] = scpPort },
            new System.Text.Json.Nodes.JsonObject { ["Name"] = "PACS", ["AeTitle"] = OrthancPeer.AeTitle, ["Host"] = "127.0.0.1", ["Port"] = orthanc.DicomPort });
        config["AcceptedCallers"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["AeTitle"] = "MODALITY1", ["Destination"] = "SCP" },
            new System.Text.Json.Nodes.JsonObject { ["AeTitle"] = "MODALITY2", ["Destination"] = "PACS" });
        string configPath = NodeConfig.Write(config, Path.Combine(_folder, "node.json"));

        await using var node = await NodeProcess.StartAsync("--config", configPath);
        var timings = new List<double>();
        var stagingMatches = 0;
        var lines = new List<string>();
        var reportedStages = new List<(string? N, string? M, string? Metastases, string? Suspicious)>();
        for (int i = 0; i < subjects.Count; i++)
        {
            string subject = subjects[i];
            bool toScp = i % 2 == 0;
            string study = StudyUid(subject);
            string send = Run("storescu", "-aet", toScp ? "MODALITY1" : "MODALITY2", "-aec", "NODE", "+sd", "+r", "127.0.0.1",
                port.ToString(CultureInfo.InvariantCulture), Path.Combine(subject, "dicom"));
            Assert.DoesNotContain("Store Failed", send, StringComparison.Ordinal);
            var stored = Stopwatch.StartNew();

            // One study at a time, so that the time to result is this study's alone.
            DicomDataset sr = await WaitForAsync(() => toScp ? ReceivedSr(received, study) : OrthancSr(orthanc, study).GetAwaiter().GetResult(),
                $"the SR of {Path.GetFileName(subject)}", TimeSpan.FromSeconds(300), () => NodeLogTail(Path.Combine(_folder, "data", "logs")));
            timings.Add(stored.Elapsed.TotalSeconds - QuietPeriodSeconds);

            var truth = JsonDocument.Parse(File.ReadAllText(Path.Combine(subject, "truth.json"))).RootElement;
            var reported = Evaluations(sr);
            var expected = (N: truth.GetProperty("staging").GetProperty("n").GetString(), M: truth.GetProperty("staging").GetProperty("m").GetString(),
                Metastases: truth.GetProperty("counts").GetProperty("countedMetastases").GetInt32().ToString(CultureInfo.InvariantCulture),
                Suspicious: truth.GetProperty("counts").GetProperty("suspiciousNodes").GetInt32().ToString(CultureInfo.InvariantCulture));
            var actual = (N: reported.GetValueOrDefault("385382003"), M: reported.GetValueOrDefault("385380006"),
                Metastases: reported.GetValueOrDefault("246206008"), Suspicious: reported.GetValueOrDefault("DN0002"));
            reportedStages.Add(actual);
            bool match = expected == actual;
            stagingMatches += match ? 1 : 0;
            lines.Add($"{Path.GetFileName(subject)} → {(toScp ? "storescp" : "Orthanc")}: truth {expected}, SR {actual}{(match ? string.Empty : "  MISMATCH")}, {timings[^1]:0.0} s");
        }

        // Every SEG and SR that arrived, from both destinations, goes through dciodvfy, dsrdump and pydicom.
        string fromOrthanc = Path.Combine(_folder, "from-orthanc");
        Directory.CreateDirectory(fromOrthanc);
        foreach (string instance in await orthanc.InstancesAsync())
        {
            await File.WriteAllBytesAsync(Path.Combine(fromOrthanc, instance + ".dcm"), await orthanc.FileAsync(instance));
        }

        long peakKb = PeakMemoryKb(node);
        var results = Directory.GetFiles(received).Concat(Directory.GetFiles(fromOrthanc)).ToList();
        var segs = results.Where(f => Modality(f) == "SEG").ToList();
        var srs = results.Where(f => Modality(f) == "SR").ToList();
        Assert.Equal(Studies, srs.Count);
        Assert.True(segs.Count >= Studies * 2, $"{segs.Count} SEGs for {Studies} studies");
        foreach (string file in segs.Concat(srs))
        {
            string verdict = Run("dciodvfy", file);
            var errors = verdict.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
            Assert.True(errors.Count == 0, $"{Path.GetFileName(file)} ({Modality(file)}): {string.Join("; ", errors)}");
        }

        foreach (string file in srs)
        {
            string rendered = Run("dsrdump", file);
            Assert.Contains("Imaging Measurement Report", rendered, StringComparison.Ordinal);
        }

        string check = Run("/usr/bin/python3", Path.Combine(AppContext.BaseDirectory, "Node", "seg_check.py"), "--phantoms", phantoms, "--min-dsc", "0.85", "--segs", string.Join(',', segs));
        _output.WriteLine(check);

        Directory.CreateDirectory(Path.Combine(_folder, "overlay"));
        var (overlayCode, overlay, overlayError) = CliRunner.Run("seg-overlay", segs[0], "--source", phantoms, "--out", Path.Combine(_folder, "overlay", "overlay.png"));
        Assert.True(overlayCode == 0 && File.Exists(Path.Combine(_folder, "overlay", "overlay.png")), overlay + overlayError);
        Assert.Contains(" pixels, colour #", overlay, StringComparison.Ordinal);
        _output.WriteLine(overlay);
        if (Environment.GetEnvironmentVariable("DICOMNODE_E2E_ARTIFACTS") is { Length: > 0 } artifacts)
        {
            // Keep what a person should look at: the overlay and the received objects.
            Directory.CreateDirectory(artifacts);
            File.Copy(Path.Combine(_folder, "overlay", "overlay.png"), Path.Combine(artifacts, "seg-overlay.png"), overwrite: true);
            foreach (string file in segs.Concat(srs))
            {
                File.Copy(file, Path.Combine(artifacts, $"{Modality(file)}-{Path.GetFileName(file)}"), overwrite: true);
            }
        }

        foreach (string line in lines)
        {
            _output.WriteLine(line);
        }

        timings.Sort();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time to result (last instance stored → SR received, quiet period of {QuietPeriodSeconds} s excluded): median {timings[timings.Count / 2]:0.0} s, max {timings[^1]:0.0} s; node peak memory (VmHWM) {peakKb / 1024.0:0} MiB"));
        _output.WriteLine($"{segs.Count} SEGs and {srs.Count} SRs passed dciodvfy; staging and counts equal the truth for {stagingMatches} of {Studies}");
        // Every SR states N and M stage and both counts. Whether they equal the truth is the models' quality, measured
        // here and in models/MODEL_CARD.md (issue 7's thresholds), not a property of the node's machinery.
        Assert.All(reportedStages, r => Assert.True(r.N is "N0" or "N1" && r.M is "M0" or "M1b" && r.Metastases is not null && r.Suspicious is not null, r.ToString()));
        Assert.True(stagingMatches >= 9, $"stage and counts equal the truth for {stagingMatches} of {Studies}; the target is 9");
    }

    /// <summary>
    /// Code value of each TEXT item's concept → its text, and of each CODE item's → its value's meaning less " category"
    /// (the N and M categories: "N1 category" → "N1"), over the whole content tree.
    /// </summary>
    private static Dictionary<string, string> Evaluations(DicomDataset sr)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(DicomDataset item)
        {
            var valueType = item.GetString(DicomTags.ValueType)?.Trim();
            if (item.GetSequence(DicomTags.ConceptNameCodeSequence)?.Items.FirstOrDefault()?.GetString(DicomTags.CodeValue)?.Trim() is { } code)
            {
                if (valueType == "TEXT")
                {
                    values.TryAdd(code, item.GetString(DicomTags.TextValue)?.Trim() ?? string.Empty);
                }
                else if (valueType == "CODE" && item.GetSequence(DicomTags.ConceptCodeSequence)?.Items[0].GetString(DicomTags.CodeMeaning) is { } meaning)
                {
                    values.TryAdd(code, meaning.Replace(" category", string.Empty, StringComparison.Ordinal).Trim());
                }
            }

            foreach (DicomDataset child in item.GetSequence(DicomTags.ContentSequence)?.Items ?? [])
            {
                Walk(child);
            }
        }

        Walk(sr);
        return values;
    }

    private static string StudyUid(string subject) =>
        Part10Reader.ReadFile(Directory.GetFiles(Path.Combine(subject, "dicom"), "*.dcm", SearchOption.AllDirectories)[0]).Dataset.GetUid(DicomTags.StudyInstanceUID)!;

    private static DicomDataset? ReceivedSr(string folder, string study)
    {
        foreach (string file in Directory.GetFiles(folder, "SR*"))
        {
            try
            {
                DicomDataset dataset = Part10Reader.ReadFile(file).Dataset;
                if (dataset.GetUid(DicomTags.StudyInstanceUID) == study)
                {
                    return dataset;
                }
            }
            catch (Exception e) when (e is DicomFormatException or IOException)
            {
                // Still being written.
            }
        }

        return null;
    }

    private static async Task<DicomDataset?> OrthancSr(OrthancPeer orthanc, string study)
    {
        foreach (string instance in await orthanc.InstancesAsync())
        {
            byte[] bytes = await orthanc.FileAsync(instance);
            DicomDataset dataset = Part10Reader.Read(new MemoryStream(bytes)).Dataset;
            if (dataset.GetString(DicomTags.Modality)?.Trim() == "SR" && dataset.GetUid(DicomTags.StudyInstanceUID) == study)
            {
                return dataset;
            }
        }

        return null;
    }

    private static string? Modality(string file)
    {
        try
        {
            return Part10Reader.ReadFile(file).Dataset.GetString(DicomTags.Modality)?.Trim();
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }

    private static long PeakMemoryKb(NodeProcess node)
    {
        string status = File.ReadAllText($"/proc/{node.ProcessId}/status");
        string line = status.Split('\n').First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <param name="diagnosis">What to add to the failure message on a timeout (the test's folder, node log included, is deleted after).</param>
    private static async Task<T> WaitForAsync<T>(Func<T?> probe, string what, TimeSpan timeout, Func<string>? diagnosis = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"timed out waiting for {what}{(diagnosis is null ? string.Empty : "\n" + diagnosis())}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The last 60 lines of the node's newest log file.</summary>
    private static string NodeLogTail(string logs)
    {
        string? newest = Directory.Exists(logs)
            ? Directory.GetFiles(logs, "*.log").OrderBy(File.GetLastWriteTimeUtc).LastOrDefault()
            : null;
        if (newest is null)
        {
            return $"no node log in {logs}";
        }

        using var reader = new StreamReader(new FileStream(newest, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var lines = reader.ReadToEnd().Split('\n');
        return $"node log {Path.GetFileName(newest)}, last lines:\n" + string.Join('\n', lines.TakeLast(60));
    }

    /// <summary>Runs a peer tool to completion (bounded); a Python check must also exit 0.</summary>
    private static string Run(string program, params string[] arguments)
    {
        (int exitCode, string output) = PeerProcess.RunAsync(program, arguments, TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        if (program.EndsWith("python3", StringComparison.Ordinal))
        {
            Assert.True(exitCode == 0, output);
        }

        return output;
    }
}
