using DicomNode.Service.Configuration;
using DicomNode.Service.Tests.Cli;
using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Tests.Configuration;

/// <summary>Issue 20: broken JSON, unknown and duplicate keys named by file and line, at start and while running.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-config-errors-").FullName;

    private string ConfigPath => Path.Combine(_folder, "appsettings.json");

    private string Data => Path.Combine(_folder, "data");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Serve_WithBrokenJson_ExitsTwoWithOneLineNamingTheFileAndLine()
    {
        File.WriteAllText(ConfigPath, "{\n  \"Node\": {\n    \"AeTitle\": \"NODE\"\n    \"Port\": 11112\n  }\n}\n");

        var (code, _, error) = CliRunner.Run("serve", "--config", ConfigPath, "--data", Data, "--http-port", "0");

        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"{ConfigPath}:4", error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_WithAMisspelledKey_NamesTheKeyItsLineAndTheLikelyOne()
    {
        File.WriteAllText(ConfigPath, "{\n  \"Node\": {\n    \"AeTitel\": \"NODE\"\n  }\n}\n");

        var (code, _, error) = CliRunner.Run("serve", "--config", ConfigPath, "--data", Data, "--http-port", "0");

        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains($"{ConfigPath}:3: unknown key 'Node:AeTitel'", error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'Node:AeTitle'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_APerCallerRoutingKeyThatDoesNotExist_IsAnUnknownKey()
    {
        var problems = ConfigFileCheck.Check("""{ "Routing": { "DefaultDestination": "", "RouteByCallingAe": { "STORESCU": "PACS" } } }"""u8, "node.json");

        Assert.Contains("unknown key 'Routing:RouteByCallingAe'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AKeyTwiceInOneSection_IsNamedWithItsSecondLine()
    {
        var problems = ConfigFileCheck.Check("{\n \"Node\": {\n  \"Port\": 1,\n  \"port\": 2\n }\n}"u8, "node.json");

        Assert.Equal("node.json:4: key 'Node:port' appears twice; keep one.", Assert.Single(problems));
    }

    [Fact]
    public void Check_KeysOfCallersInTheList_AreCheckedByIndex()
    {
        var problems = ConfigFileCheck.Check("""{ "AcceptedCallers": [ { "AeTitle": "A" }, { "AeTitle": "B", "Hots": "10.0.0.1" } ] }"""u8, "node.json");

        Assert.Contains("unknown key 'AcceptedCallers:1:Hots'", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_OfBrokenJsonOrAnUnknownKey_IsLoggedWithTheLineAndTheOldSettingsKept()
    {
        File.WriteAllText(ConfigPath, """{ "Node": { "AeTitle": "FIRST" } }""");
        var configuration = new ConfigurationBuilder().AddNodeSources(ConfigPath).Build();
        var logger = new ListLogger<LiveNodeSettings>();
        using var live = new LiveNodeSettings(configuration, NodeConfiguration.Load(configuration), logger, ConfigPath);

        File.WriteAllText(ConfigPath, "{\n  \"Node\": { \"AeTitle\": \"SECOND\" \n");
        configuration.Reload();

        Assert.Equal("FIRST", live.Current.Node.AeTitle);
        Assert.Contains(logger.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains($"{ConfigPath}:", StringComparison.Ordinal) && l.Contains("not valid JSON", StringComparison.Ordinal));

        File.WriteAllText(ConfigPath, "{\n  \"Node\": { \"AeTitle\": \"SECOND\", \"Prot\": 104 }\n}");
        configuration.Reload();

        Assert.Equal("FIRST", live.Current.Node.AeTitle);
        Assert.Contains(logger.Lines, l => l.Contains($"{ConfigPath}:2: unknown key 'Node:Prot'", StringComparison.Ordinal));

        File.WriteAllText(ConfigPath, """{ "Node": { "AeTitle": "SECOND" } }""");
        configuration.Reload();

        Assert.Equal("SECOND", live.Current.Node.AeTitle);
    }
}
