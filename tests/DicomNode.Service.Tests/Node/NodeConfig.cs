using System.Text.Json.Nodes;

namespace DicomNode.Service.Tests.Node;

/// <summary>A configuration file for a node under test: loopback, its own data folder, fast timers.</summary>
internal static class NodeConfig
{
    public static JsonObject Create(int port, string data, int? destinationPort = null, string pipeline = "record", int echoDelaySeconds = 0, int httpPort = 0)
    {
        var config = new JsonObject
        {
            ["Node"] = new JsonObject { ["AeTitle"] = "NODE", ["Port"] = port, ["BindAddress"] = "127.0.0.1", ["DataDirectory"] = data },
            ["StudyAssembly"] = new JsonObject { ["QuietPeriodSeconds"] = 1 },
            ["Jobs"] = new JsonObject { ["Pipeline"] = pipeline, ["EchoDelaySeconds"] = echoDelaySeconds },
            ["Outbox"] = new JsonObject { ["InitialRetrySeconds"] = 1, ["MaxRetrySeconds"] = 2 },
            ["Inbox"] = new JsonObject { ["MinimumFreeMegabytes"] = 0 },
            ["Http"] = new JsonObject { ["Port"] = httpPort },
            ["AcceptAnyCaller"] = true,
        };
        if (destinationPort is { } p)
        {
            config["Destinations"] = new JsonArray(new JsonObject { ["Name"] = "PACS", ["AeTitle"] = "STORESCP", ["Host"] = "127.0.0.1", ["Port"] = p });
            config["Routing"] = new JsonObject { ["DefaultDestination"] = "PACS" };
        }

        return config;
    }

    public static string Write(JsonObject config, string path)
    {
        File.WriteAllText(path, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
