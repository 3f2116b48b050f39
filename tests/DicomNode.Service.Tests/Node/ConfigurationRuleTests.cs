using System.Globalization;
using System.Text.Json.Nodes;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Service.Configuration;
using DicomNode.Service.Hosting;
using DicomNode.Service.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DicomNode.Service.Tests.Node;

/// <summary>Issue 20: one configuration for every verb, closed by default, one node per data folder, and a start that says what is missing.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConfigurationRuleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-rule-").FullName;

    private string Data => Path.Combine(_folder, "data");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_WithNoCallerListed_RejectsEveryCaller_UnlessAcceptAnyCallerIsTrue()
    {
        var port = NodeProcess.FreePort();
        var config = NodeConfig.Create(port, Data, httpPort: 0);
        config.Remove("AcceptAnyCaller");
        await using (var closed = await StartAsync(config))
        {
            var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAeTitle = "ANYONE", CalledAeTitle = "NODE" });
            var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => client.EchoAsync());
            Assert.Equal(3, (byte)rejected.Rejection.Reason);
        }

        config["AcceptAnyCaller"] = true;
        await using (var open = await StartAsync(config))
        {
            var client = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAeTitle = "ANYONE", CalledAeTitle = "NODE" });
            Assert.Equal(DimseStatus.Success, await client.EchoAsync());
        }
    }

    [Fact]
    public void CallersAdd_OfACallerAlreadyThere_IsRefusedAndTheFileKeepsOne()
    {
        Assert.Equal(0, CliRunner.Run("config", "callers", "add", "CT01", "--data", Data).Code);

        var (code, _, error) = CliRunner.Run("config", "callers", "add", "CT01", "--host", "10.0.0.1", "--data", Data);

        Assert.Equal(2, code);
        Assert.Contains("caller CT01 is already accepted", error, StringComparison.Ordinal);
        Assert.Single(JsonNode.Parse(File.ReadAllText(Path.Combine(Data, "appsettings.json")))!["AcceptedCallers"]!.AsArray());
    }

    [Fact]
    public void ConfigEdits_WithData_AreWhatServeWithTheSameDataReads()
    {
        Assert.Equal(0, CliRunner.Run("config", "callers", "add", "CT01", "--data", Data).Code);

        using var host = NodeHost.Build(ConfigLocation.Resolve(null, Data), Overrides(NodeProcess.FreePort()));

        Assert.Equal("CT01", Assert.Single(host.Services.GetRequiredService<NodeSettings>().AcceptedCallers).AeTitle);
    }

    [Fact]
    public void SecondServe_OnTheSameDataFolder_RefusesToStartNamingTheFolder()
    {
        using var first = NodeHost.Build(ConfigLocation.Resolve(null, Data), Overrides(NodeProcess.FreePort()));
        _ = first.Services.GetRequiredService<DataFolderLock>();

        var (code, _, error) = CliRunner.Run("serve", "--data", Data, "--port", NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--http-port", "0");

        Assert.Equal(2, code);
        Assert.Contains($"data folder {Data} is in use", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Start_WithoutADestination_WarnsThatResultsAreNotSentAndLogsTheOverrides()
    {
        var port = NodeProcess.FreePort();
        var config = NodeConfig.Create(port, Data, httpPort: 0);
        await using (await StartAsync(config, new Dictionary<string, string?> { ["Node:AeTitle"] = "OVERRIDDEN" }))
        {
        }

        var log = string.Concat(Directory.GetFiles(Path.Combine(Data, "logs"), "dicomnode-*.log").Select(File.ReadAllText));
        Assert.Contains("No destination is configured: studies are analysed but their results are not sent", log, StringComparison.Ordinal);
        Assert.Contains("Command line overrides Node:AeTitle = OVERRIDDEN", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_WhileServeRunsWithACommandLineValue_ShowsItAsAnOverride()
    {
        var overrides = Overrides(NodeProcess.FreePort());
        overrides["Node:AeTitle"] = "FROMCLI";
        await using (await StartAsync(null, overrides))
        {
            var (code, output, _) = CliRunner.Run("config", "show", "--data", Data);

            Assert.Equal(0, code);
            Assert.Contains("uses Node:AeTitle = FROMCLI from its command line", output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("FROMCLI", CliRunner.Run("config", "show", "--data", Data).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_WithTheDataFolderServeWasGiven_FindsItsDatabase()
    {
        var port = NodeProcess.FreePort();
        await using (await StartAsync(null, Overrides(port)))
        {
        }

        var (code, output, error) = CliRunner.Run("jobs", "list", "--data", Data);
        Assert.True(code == 0, error);
        Assert.Contains("No jobs.", output, StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("outbox", "list", "--data", Data).Code);

        var (missing, _, why) = CliRunner.Run("jobs", "list", "--data", Path.Combine(_folder, "elsewhere"));
        Assert.NotEqual(0, missing);
        Assert.Contains("no node database", why, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Overrides(int port) => new()
    {
        ["Node:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Node:BindAddress"] = "127.0.0.1",
        ["Node:DataDirectory"] = Data,
        ["Http:Port"] = "0",
        ["Jobs:Pipeline"] = "record",
    };

    /// <summary>An in-process node on <paramref name="config"/> (or the data folder's file when null), started; disposing stops it.</summary>
    private async Task<RunningHost> StartAsync(JsonObject? config, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        ConfigLocation location;
        if (config is null)
        {
            location = ConfigLocation.Resolve(null, Data);
        }
        else
        {
            var path = NodeConfig.Write(config, Path.Combine(_folder, "node.json"));
            location = ConfigLocation.Resolve(path, null);
        }

        var host = NodeHost.Build(location, overrides ?? new Dictionary<string, string?>());
        await host.StartAsync();
        return new RunningHost(host);
    }
}
