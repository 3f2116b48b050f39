using DicomNode.Service.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace DicomNode.Service.Hosting;

/// <summary>
/// Serilog to the console and to daily rolling files under the data folder's logs/, plain text or JSON.
/// The node logs AE titles, addresses and UIDs only — never patient names or IDs.
/// </summary>
internal static class NodeLogging
{
    public static Serilog.ILogger Create(NodeSettings settings, string logFolder)
    {
        Directory.CreateDirectory(logFolder);
        var level = Enum.Parse<LogEventLevel>(settings.Log.Level, ignoreCase: true);
        var path = Path.Combine(logFolder, "dicomnode-.log");
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}");
        configuration = settings.Log.Format == "json"
            ? configuration.WriteTo.File(new JsonFormatter(renderMessage: true), path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31)
            : configuration.WriteTo.File(path, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31,
                outputTemplate: "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        return configuration.CreateLogger();
    }
}
