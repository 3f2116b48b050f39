using DicomNode.Service.Configuration;
using DicomNode.Service.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomNode.Service.Hosting;

/// <summary>
/// /health, /metrics (Prometheus text), /wake (used by the jobs and outbox verbs) and the web console (/console) on a
/// localhost-only HTTP port; Http:Port 0 turns them off.
/// A separate small web application, so the node's host does not depend on ASP.NET Core otherwise.
/// </summary>
internal sealed partial class HealthEndpointService : IHostedService, IAsyncDisposable
{
    private readonly LiveNodeSettings _settings;
    private readonly NodeMetrics _metrics;
    private readonly DicomListenerService _listener;
    private readonly ILogger<HealthEndpointService> _logger;
    private WebApplication? _app;

    private readonly NodeWorkflow _workflow;

    private readonly WebConsole.ConsoleContext _console;

    public HealthEndpointService(
        LiveNodeSettings settings, NodeMetrics metrics, DicomListenerService listener, NodeWorkflow workflow, AuditLog audit, ConfigurationReport report, TimeProvider time,
        ILogger<HealthEndpointService> logger)
    {
        _console = new WebConsole.ConsoleContext(settings, workflow, listener, audit, report.Location.Path, time);
        _workflow = workflow;
        _settings = settings;
        _metrics = metrics;
        _listener = listener;
        _logger = logger;
    }

    /// <summary>The URL it listens on, once started.</summary>
    public string? Url { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = _settings.Current.Http.Port;
        if (port == 0)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (_settings.Current.Http.Https)
        {
            // The node's certificate (Node:Tls); loopback only, as over HTTP.
            var certificate = NodeSettingsValidator.NodeCertificate(_settings.Current).LoadCertificate()!;
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        }
        else
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        }

        WebConsole.ConsoleEndpoints.AddConsole(builder.Services, _settings.Current.Http.Https);
        _app = builder.Build();
        WebConsole.ConsoleEndpoints.MapConsole(_app, _console);
        _app.MapGet("/health", () => Results.Json(new
        {
            status = _listener.LocalEndPoint is null ? "starting" : "ok",
            aeTitle = _settings.Current.Node.AeTitle,
            dicomEndPoint = _listener.LocalEndPoint?.ToString(),
        }));
        _app.MapGet("/metrics", () => Results.Text(_metrics.Render(), "text/plain; version=0.0.4"));

        // The jobs and outbox verbs edit the database from another process, then ask us to look now.
        _app.MapPost("/wake", () =>
        {
            _workflow.Runner.Notify();
            foreach (var destination in _workflow.OutboxStore.PendingDestinations())
            {
                _workflow.Delivery.Notify(destination);
            }

            return Results.NoContent();
        });
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new NodeConfigurationException(new[] { $"Http:Port {port} (health and metrics on 127.0.0.1) is already in use by another program; choose another with --http-port or Http:Port, or 0 to turn them off." });
        }
        Url = _app.Urls.FirstOrDefault();
        LogListening(Url ?? _settings.Current.Http.BaseUrl);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Health, metrics and the web console (/console) on {Url}")]
    private partial void LogListening(string url);
}
