using DicomNode.Service.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace DicomNode.Service.Hosting;

/// <summary>
/// Serilog to the console and to daily rolling files under the data folder's logs/, plain text or JSON.
/// The node logs AE titles, addresses and UIDs only — never patient names or IDs. Under systemd the console lines
/// go to the journal: each starts with its syslog priority ("&lt;4&gt;" for a warning), which journald takes as the
/// entry's level, and carries no time stamp (the journal has its own).
/// </summary>
internal static class NodeLogging
{
    public static Serilog.ILogger Create(NodeSettings settings, string logFolder, bool journald = false)
    {
        Directory.CreateDirectory(logFolder);
        var level = Enum.Parse<LogEventLevel>(settings.Log.Level, ignoreCase: true);
        var path = Path.Combine(logFolder, "dicomnode-.log");
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        configuration = journald
            ? configuration.Enrich.With<SyslogPriority>().WriteTo.Console(outputTemplate: "<{SyslogPriority}>{Message:lj}{NewLine}{Exception}")
            : configuration.WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        configuration = settings.Log.Format == "json"
            ? configuration.WriteTo.File(new JsonFormatter(renderMessage: true), path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31)
            : configuration.WriteTo.File(path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        return configuration.CreateLogger();
    }

    /// <summary>The syslog priority of an event's level (RFC 5424: 3 error, 4 warning, 6 informational, 7 debug; 2 critical).</summary>
    internal sealed class SyslogPriority : Serilog.Core.ILogEventEnricher
    {
        public void Enrich(LogEvent logEvent, Serilog.Core.ILogEventPropertyFactory propertyFactory) =>
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(nameof(SyslogPriority), Of(logEvent.Level)));

        public static int Of(LogEventLevel level) => level switch
        {
            LogEventLevel.Fatal => 2,
            LogEventLevel.Error => 3,
            LogEventLevel.Warning => 4,
            LogEventLevel.Information => 6,
            _ => 7,
        };
    }
}
