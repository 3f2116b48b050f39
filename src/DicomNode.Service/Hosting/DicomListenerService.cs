using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Services;
using DicomNode.Service.Configuration;
using DicomNode.Service.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomNode.Service.Hosting;

/// <summary>
/// Runs the DICOM listener. The negotiation policy is built from the settings in force when each
/// association arrives, so AE title and caller changes apply without a restart and without touching
/// associations in progress. A change of port, bind address or TLS needs a restart and is logged so.
/// </summary>
internal sealed partial class DicomListenerService : IHostedService, IAsyncDisposable
{
    private readonly LiveNodeSettings _settings;
    private readonly ICStoreHandler _storeHandler;
    private readonly AuditLog _audit;
    private readonly ILogger<DicomListenerService> _logger;
    private readonly TimeProvider _time;
    private DicomServer? _server;
    private (NodeSettings Source, AssociationPolicyOptions Policy)? _policy;

    public DicomListenerService(LiveNodeSettings settings, ICStoreHandler storeHandler, AuditLog audit, TimeProvider time, ILogger<DicomListenerService> logger)
    {
        _settings = settings;
        _storeHandler = storeHandler;
        _audit = audit;
        _time = time;
        _logger = logger;
    }

    /// <summary>The bound endpoint, once started (port 0 in the settings lets the system choose).</summary>
    public System.Net.IPEndPoint? LocalEndPoint => _server?.LocalEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = _settings.Current;
        var node = settings.Node;
        if (!NodeRolesSetting.Of(node).HasFlag(NodeRoles.Receive))
        {
            // Node:Roles without receive: an analysing or delivering node of a shared database takes no C-STORE.
            LogNotListening(node.AeTitle);
            return Task.CompletedTask;
        }

        _server = new DicomServer(new DicomServerOptions
        {
            BindAddress = node.BindAddress,
            Port = node.Port,
            Tls = NodeSettingsValidator.ListenerTls(settings),
            Association = new AssociationOptions
            {
                ArtimTimeout = TimeSpan.FromSeconds(node.ArtimTimeoutSeconds),
                IdleTimeout = TimeSpan.FromSeconds(node.IdleTimeoutSeconds),
                MaxAssociationAge = TimeSpan.FromSeconds(node.MaxAssociationSeconds),
                MaxPduLength = (uint)node.MaxPduLength,
                TimeProvider = _time,
            },
            MaxPendingConnections = node.MaxPendingConnections,
            MaxPendingConnectionsPerAddress = node.MaxPendingConnectionsPerAddress,
            Policy = CurrentPolicy,
        }, _storeHandler, _audit);
        try
        {
            _server.Start();
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode is System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AddressNotAvailable or System.Net.Sockets.SocketError.AccessDenied)
        {
            throw new NodeConfigurationException(new[] { ex.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.AddressAlreadyInUse =>
                    $"Node:Port {node.Port} on {node.BindAddress} is already in use by another program (another node?); stop it, or choose another port with --port or Node:Port.",
                System.Net.Sockets.SocketError.AccessDenied =>
                    $"Node:Port {node.Port} on {node.BindAddress} may not be opened by this user (ports below 1024 need a privilege); choose a port of 1024 or more, or see installer/linux/dropins/low-port.conf.",
                _ => $"Node:BindAddress {node.BindAddress} is not an address of this machine; use 0.0.0.0, :: or one of its interfaces' addresses.",
            } });
        }

        _settings.Changed += OnSettingsChanged;
        LogListening(node.AeTitle, _server.LocalEndPoint.ToString(), node.Tls.Enabled);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _settings.Changed -= OnSettingsChanged;
        if (_server is not null)
        {
            await _server.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private AssociationPolicyOptions CurrentPolicy()
    {
        var settings = _settings.Current;
        var cached = _policy;
        if (cached is { } c && ReferenceEquals(c.Source, settings))
        {
            return c.Policy;
        }

        var policy = new AssociationPolicyOptions
        {
            AeTitle = settings.Node.AeTitle,
            AcceptedCallers = settings.AcceptedCallers.Select(a => new AcceptedCaller(a.AeTitle, string.IsNullOrWhiteSpace(a.Host) ? null : a.Host)).ToList(),
            AcceptAnyCaller = settings.AcceptAnyCaller,
            SupportedAbstractSyntaxes = StandardSyntaxes.StorageScp(),
            MaxAssociations = settings.Node.MaxAssociations,
            MaxAssociationsPerCaller = settings.Node.MaxAssociationsPerCaller,
            MaxAssociationsPerAddress = settings.Node.MaxAssociationsPerAddress,
            MaxPduLength = (uint)settings.Node.MaxPduLength,
        };
        _policy = (settings, policy);
        return policy;
    }

    private void OnSettingsChanged(NodeSettings next)
    {
        var running = _server?.LocalEndPoint;
        if (running is not null && (next.Node.Port != 0 && next.Node.Port != running.Port))
        {
            LogRestartNeeded("Node:Port");
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "{AeTitle} listening on {EndPoint} (TLS {Tls})")]
    private partial void LogListening(string aeTitle, string endPoint, bool tls);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "{Key} changed; the listener keeps its current endpoint until the service restarts")]
    private partial void LogRestartNeeded(string key);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "{AeTitle} does not listen: Node:Roles leaves out receive")]
    private partial void LogNotListening(string aeTitle);
}
