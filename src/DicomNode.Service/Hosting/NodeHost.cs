using DicomNode.Dicom.Network.Association;
using DicomNode.Inference;
using DicomNode.Service.Analysis;
using DicomNode.Service.Configuration;
using DicomNode.Service.Observability;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Serilog;

namespace DicomNode.Service.Hosting;

/// <summary>
/// Composes the node: configuration (validated before anything starts), logging, the audit log and
/// metrics, the DICOM listener and the health endpoint, each a hosted service.
/// </summary>
internal static class NodeHost
{
    /// <summary>
    /// Builds the host; a configuration mistake ends in <see cref="NodeConfigurationException"/> naming the key
    /// (or the file and line), a data folder another node holds in <see cref="DataFolderInUseException"/>.
    /// </summary>
    public static IHost Build(ConfigLocation location, IReadOnlyDictionary<string, string?> overrides, TimeProvider? time = null)
    {
        var configFile = location.Path;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (!location.IsExplicit)
        {
            // The data folder's file may not exist yet; its folder must, for the file to be watched.
            Directory.CreateDirectory(Path.GetDirectoryName(configFile)!);
        }

        builder.Configuration.AddNodeSources(configFile, mustExist: location.IsExplicit);
        builder.Configuration.AddInMemoryCollection(overrides);
        var settings = NodeConfiguration.Load(builder.Configuration);

        var dataDirectory = Path.GetFullPath(settings.Node.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var sharedBy = WorkflowSettings.Database(settings).Engine == DicomNode.Workflow.Database.DatabaseEngine.PostgreSql
            ? (string.IsNullOrWhiteSpace(settings.Node.Id) ? $"{Environment.MachineName}-{Environment.ProcessId}" : settings.Node.Id.Trim())
            : null;
        var folderLock = DataFolderLock.Acquire(dataDirectory, sharedBy);
        var logs = settings.Log.ResolveDirectory(dataDirectory);
        builder.Logging.ClearProviders();
        // Serilog through its hosting integration: the host disposes (and so flushes) it after the last service stopped.
        builder.Services.AddSerilog(NodeLogging.Create(settings, logs, journald: SystemdHelpers.IsSystemdService()), dispose: true);

        var services = builder.Services;
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(settings);
        // From a factory, so that the container disposes it (releasing the folder) when the host is disposed.
        services.AddSingleton(_ => folderLock);
        services.AddSingleton(new ConfigurationReport(location, File.Exists(configFile), overrides));
        services.AddSingleton<LiveNodeSettings>(sp => new LiveNodeSettings(builder.Configuration, settings, sp.GetRequiredService<ILogger<LiveNodeSettings>>(), configFile));
        services.AddSingleton<NodeMetrics>();
        services.AddSingleton(sp => new AuditLog(logs, sp.GetRequiredService<NodeMetrics>(), sp.GetRequiredService<TimeProvider>(), new AuditLogOptions
        {
            RetentionDays = settings.Log.AuditRetentionDays,
            RepeatLimit = settings.Log.AuditRepeatLimit,
            LinesPerMinute = settings.Log.AuditLinesPerMinute,
        }));
        services.AddSingleton<InferenceSessionCache>(sp =>
        {
            var sessions = new InferenceSessionCache(logger: sp.GetRequiredService<ILogger<InferenceSessionCache>>());
            sp.GetRequiredService<NodeMetrics>().AddGauges(() => InferenceGauges(sessions));
            return sessions;
        });
        services.AddSingleton<IAnalysisPipeline>(sp => settings.Jobs.Pipeline switch
        {
            "echo" => new EchoPipeline(TimeSpan.FromSeconds(settings.Jobs.EchoDelaySeconds)),
            "record" => new RecordingPipeline(),
            _ => new StudyAnalysisPipeline(AnalysisComposition.Create(
                settings, sp.GetRequiredService<InferenceSessionCache>(), sp.GetRequiredService<ILogger<StudyPipeline>>())),
        });
        services.AddSingleton<NodeWorkflow>();
        services.AddSingleton<ICStoreHandler>(sp => sp.GetRequiredService<NodeWorkflow>().Inbox);

        // Hosted services start in this order and stop in reverse: recovery before the listener opens,
        // the listener closed before the job and delivery loops stop.
        services.AddHostedService<ConfigurationReportService>();
        services.AddHostedService<ConfigurationAudit>();
        services.AddHostedService<WorkflowRecoveryService>();
        services.AddHostedService<JobRunnerService>();
        services.AddHostedService<OutboxDeliveryService>();
        services.AddHostedService<RetentionService>();
        services.AddHostedService<StudyRescanService>();
        services.AddSingleton<DicomListenerService>();
        services.AddHostedService(sp => sp.GetRequiredService<DicomListenerService>());
        services.AddSingleton<HealthEndpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthEndpointService>());
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        // Under systemd (Type=notify) the host tells systemd when it is ready (after every service started, so after
        // recovery and with the listener open) and when it stops; elsewhere this does nothing.
        services.AddSystemd();

        // Under the Windows Service Control Manager the host reports start and stop to it; elsewhere this does nothing.
        services.AddWindowsService(o => o.ServiceName = "DicomNode");
        try
        {
            return builder.Build();
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One gauge per loaded model session: the provider asked for, the one it runs on and the device, and whether auto fell
    /// back to the CPU (the reason is in the log); and how many sessions fell back.
    /// </summary>
    internal static IEnumerable<(string Name, string Help, string Labels, double Value)> InferenceGauges(InferenceSessionCache sessions)
    {
        IReadOnlyList<InferenceSession> loaded = sessions.Sessions;
        foreach (InferenceSession session in loaded)
        {
            string labels = $"model=\"{Path.GetFileName(session.ModelPath).Replace("\"", "'", StringComparison.Ordinal)}\",requested=\"{session.Options.Provider.ToString().ToLowerInvariant()}\","
                + $"provider=\"{session.Provider.ToString().ToLowerInvariant()}\",device=\"{session.Device}\",runtime=\"{session.RuntimeVersion}\",fallback=\"{(session.FallbackReason is null ? "false" : "true")}\"";
            yield return ("dicomnode_inference_session", "Loaded model sessions: provider asked for, provider and device used, ONNX Runtime version, whether auto fell back to the CPU.", labels, 1);
        }

        yield return ("dicomnode_inference_provider_fallbacks", "Loaded model sessions on the CPU because auto could not start CUDA (the reason is logged).", string.Empty,
            loaded.Count(s => s.FallbackReason is not null));
    }
}
