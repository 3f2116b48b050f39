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

    /// <summary>Opens the database of the node that <c>serve</c> with the same --config and --data runs (<see cref="ConfigLocation"/>).</summary>
    public static NodeState Open(string? configFile, string? dataDirectory)
    {
        var location = ConfigLocation.Resolve(configFile, dataDirectory);
        var settings = LoadSettings(configFile, dataDirectory);
        var layout = new NodeDataLayout(Path.GetFullPath(settings.Node.DataDirectory));
        var database = WorkflowSettings.Database(settings);
        if (database.Engine == DatabaseEngine.PostgreSql)
        {
            return new NodeState(settings, NodeDatabase.Open(database, layout.DatabasePath, settings.Node.Id));
        }

        if (!File.Exists(layout.DatabasePath))
        {
            throw new InvalidOperationException($"no node database at {layout.DatabasePath} (data folder {Path.GetFullPath(settings.Node.DataDirectory)}, configuration {location.Path}); give the --data or --config the node was started with.");
        }

        return new NodeState(settings, NodeDatabase.Open(layout.DatabasePath));
    }

    /// <summary>The settings <c>serve</c> with the same --config and --data reads.</summary>
    public static NodeSettings LoadSettings(string? configFile, string? dataDirectory)
    {
        var location = ConfigLocation.Resolve(configFile, dataDirectory);
        return NodeConfiguration.Load(new ConfigurationBuilder()
            .AddNodeSources(location.Path, mustExist: location.IsExplicit)
            .AddInMemoryCollection(location.DataOverride())
            .Build());
    }

    /// <summary>Asks a running service to look at its queues now; false when none answers (it will on its next start).</summary>
    public async Task<bool> WakeServiceAsync()
    {
        if (Settings.Http.Port == 0)
        {
            return false;
        }

        // Over HTTPS (Http:Https) the node answers with its own certificate: trust exactly that one, on loopback.
        using var handler = new HttpClientHandler();
        if (Settings.Http.Https)
        {
            var own = NodeSettingsValidator.NodeCertificate(Settings).LoadCertificate()?.Thumbprint;
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.Thumbprint == own;
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            var response = await http.PostAsync(new Uri($"{Settings.Http.BaseUrl}/wake"), null).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public void Dispose() => Database.Dispose();
}
