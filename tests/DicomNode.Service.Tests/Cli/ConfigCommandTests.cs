using System.Text.Json.Nodes;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Tests.Cli;

/// <summary>The config verbs, and a running node taking their edits without a restart.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConfigCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-config-").FullName;

    private string ConfigPath => Path.Combine(_folder, "appsettings.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Edits_KeepTheRestOfTheFileAndShowInLists()
    {
        File.WriteAllText(ConfigPath, """{ "Node": { "Port": 11112 }, "Log": { "Format": "json" } }""");
        Assert.Equal(0, CliRunner.Run("config", "set-ae", "NODE1", "--config", ConfigPath).Code);
        Assert.Equal(0, CliRunner.Run("config", "callers", "add", "CT01", "--host", "10.1.2.3", "--config", ConfigPath).Code);
        Assert.Equal(0, CliRunner.Run("config", "destinations", "add", "PACS", "PACSAE", "pacs.example", "104", "--default", "--config", ConfigPath).Code);

        var json = JsonNode.Parse(File.ReadAllText(ConfigPath))!;
        Assert.Equal("NODE1", json["Node"]!["AeTitle"]!.GetValue<string>());
        Assert.Equal(11112, json["Node"]!["Port"]!.GetValue<int>());
        Assert.Equal("json", json["Log"]!["Format"]!.GetValue<string>());
        Assert.Equal("PACS", json["Routing"]!["DefaultDestination"]!.GetValue<string>());

        var (_, callers, _) = CliRunner.Run("config", "callers", "list", "--config", ConfigPath);
        Assert.Contains("CT01", callers, StringComparison.Ordinal);
        Assert.Contains("10.1.2.3", callers, StringComparison.Ordinal);
        var (_, destinations, _) = CliRunner.Run("config", "destinations", "list", "--config", ConfigPath);
        Assert.Contains("PACSAE", destinations, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("config", "callers", "remove", "CT01", "--config", ConfigPath).Code);
        Assert.Empty(JsonNode.Parse(File.ReadAllText(ConfigPath))!["AcceptedCallers"]!.AsArray());
    }

    [Fact]
    public void DestinationsAdd_WithOutputs_SavesTheProfile_AndRefusesAnUnknownName()
    {
        File.WriteAllText(ConfigPath, """{ "Node": { "AeTitle": "NODE1" } }""");
        Assert.Equal(0, CliRunner.Run("config", "destinations", "add", "ARCHIVE", "ARCHAE", "archive.example", "104", "--outputs", "Sr, Pdf", "--config", ConfigPath).Code);
        var outputs = JsonNode.Parse(File.ReadAllText(ConfigPath))!["Destinations"]![0]!["Outputs"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["Sr", "Pdf"], outputs);
        var (_, list, _) = CliRunner.Run("config", "destinations", "list", "--config", ConfigPath);
        Assert.Contains("Sr,Pdf", list, StringComparison.Ordinal);

        var before = File.ReadAllText(ConfigPath);
        var (code, _, error) = CliRunner.Run("config", "destinations", "add", "VIEWER", "VIEWAE", "viewer.example", "104", "--outputs", "Seg,Pfd", "--config", ConfigPath);
        Assert.NotEqual(0, code);
        Assert.Contains("'Pfd'", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
    }

    [Fact]
    public void InvalidEdit_IsRefusedWithTheKeyAndLeavesTheFileAsItWas()
    {
        File.WriteAllText(ConfigPath, """{ "Node": { "AeTitle": "NODE1" } }""");
        var before = File.ReadAllText(ConfigPath);
        var (code, _, error) = CliRunner.Run("config", "set-ae", "MUCH-TOO-LONG-AE-TITLE", "--config", ConfigPath);
        Assert.Equal(2, code);
        Assert.Contains("Node:AeTitle", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));

        (code, _, error) = CliRunner.Run("config", "callers", "add", "CT01", "--destination", "NOWHERE", "--config", ConfigPath);
        Assert.Equal(2, code);
        Assert.Contains("AcceptedCallers:0:Destination 'NOWHERE'", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(ConfigPath));
    }

    [Fact]
    public async Task CallersAdd_WhileTheNodeRuns_AdmitsTheNewCallerWithoutARestart()
    {
        var port = NodeProcess.FreePort();
        File.WriteAllText(ConfigPath, $$"""
            {
              "Node": { "AeTitle": "NODE", "Port": {{port}}, "BindAddress": "127.0.0.1", "DataDirectory": "{{Path.Combine(_folder, "data").Replace("\\", "\\\\", StringComparison.Ordinal)}}" },
              "AcceptedCallers": [ { "AeTitle": "KNOWN" } ],
              "Http": { "Port": 0 }
            }
            """);
        await using var serve = await NodeProcess.StartAsync("--config", ConfigPath);
        {
            var newcomer = new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port, CallingAeTitle = "NEWCOMER", CalledAeTitle = "NODE" });
            var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => newcomer.EchoAsync());
            Assert.Equal(3, (byte)rejected.Rejection.Reason);

            Assert.Equal(0, CliRunner.Run("config", "callers", "add", "NEWCOMER", "--config", ConfigPath).Code);

            // The service watches the file; give the reload a moment, then the caller is in.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            DimseStatus? status = null;
            while (status is null && DateTime.UtcNow < deadline)
            {
                try
                {
                    status = await newcomer.EchoAsync();
                }
                catch (DicomAssociationRejectedException)
                {
                    await Task.Delay(200);
                }
            }

            Assert.Equal(DimseStatus.Success, status);
            Assert.False(serve.HasExited);
        }
    }
}
