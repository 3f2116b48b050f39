using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The settings in force. When the configuration file changes, the new settings are validated and
/// taken only if valid; otherwise the node keeps running on the previous ones and says why. Readers
/// take <see cref="Current"/> at the moment they need it, so associations in progress keep the
/// settings they started with.
/// </summary>
public sealed partial class LiveNodeSettings : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly string? _configFile;
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;
    private NodeSettings _current;

    public LiveNodeSettings(IConfiguration configuration, NodeSettings initial, ILogger<LiveNodeSettings> logger, string? configFile = null)
    {
        _configuration = configuration;
        _configFile = configFile;
        _logger = logger;
        _current = initial;
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public NodeSettings Current => Volatile.Read(ref _current);

    /// <summary>Raised after new valid settings are taken.</summary>
    public event Action<NodeSettings>? Changed;

    public void Dispose() => _subscription.Dispose();

    private void Reload()
    {
        try
        {
            // The file is read as JSON first: broken JSON or an unknown key is named with its line, and the
            // binder (which would drop both silently and fall back to defaults) never sees it.
            var problems = _configFile is null ? Array.Empty<string>() : ConfigFileCheck.Check(_configFile);
            if (problems.Count > 0)
            {
                throw new NodeConfigurationException(problems);
            }

            var next = NodeConfiguration.Load(_configuration);
            Volatile.Write(ref _current, next);
            LogReloaded(next.Node.AeTitle, next.AcceptedCallers.Count, next.Destinations.Count);
            Changed?.Invoke(next);
        }
        catch (NodeConfigurationException ex)
        {
            LogRejected(string.Join(" ", ex.Problems));
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Configuration reloaded: AE title {AeTitle}, {Callers} accepted caller(s), {Destinations} destination(s)")]
    private partial void LogReloaded(string aeTitle, int callers, int destinations);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "The changed configuration is not valid and was not taken; the node keeps the previous one. {Problems}")]
    private partial void LogRejected(string problems);
}
