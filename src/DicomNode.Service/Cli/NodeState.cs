using DicomNode.Service.Configuration;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Storage;
using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Cli;

/// <summary>
/// The node's database as the jobs and outbox verbs see it, found through the same configuration the
/// service reads; and a nudge to a running service so that a retry is taken at once.
/// </summary>
internal sealed class NodeState : IDisposable
{
    private NodeState(NodeSettings settings, NodeDatabase database)
    {
        Settings = settings;
        Database = database;
    }

    public NodeSettings Settings { get; }

    public NodeDatabase Database { get; }

    public static NodeState Open(string? configFile)
    {
        var path = configFile ?? (File.Exists(ConfigFile.DefaultPath()) ? ConfigFile.DefaultPath() : null);
        var settings = NodeConfiguration.Load(new ConfigurationBuilder().AddNodeSources(path).Build());
        var layout = new NodeDataLayout(Path.GetFullPath(settings.Node.DataDirectory));
        if (!File.Exists(layout.DatabasePath))
        {
            throw new InvalidOperationException($"No node database at {layout.DatabasePath}; has the node run with Node:DataDirectory {settings.Node.DataDirectory}?");
        }

        return new NodeState(settings, NodeDatabase.Open(layout.DatabasePath));
    }

    /// <summary>Asks a running service to look at its queues now; false when none answers (it will on its next start).</summary>
    public async Task<bool> WakeServiceAsync()
    {
        if (Settings.Http.Port == 0)
        {
            return false;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var response = await http.PostAsync(new Uri($"http://127.0.0.1:{Settings.Http.Port}/wake"), null).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => Database.Dispose();
}
