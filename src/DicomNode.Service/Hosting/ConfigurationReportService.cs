using DicomNode.Service.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DicomNode.Service.Hosting;

/// <summary>
/// Says at start which configuration the node runs on, which command-line values override it (a later
/// edit of those keys in the file has no effect until the node restarts without them), and what a
/// configuration without a destination or without a caller means, before the first study shows it. Being the first
/// service to start and so the last to stop, it also logs the node's start and its orderly stop.
/// </summary>
internal sealed partial class ConfigurationReportService : IHostedService
{
    private readonly ConfigurationReport _report;
    private readonly NodeSettings _settings;
    private readonly ILogger _logger;

    public ConfigurationReportService(ConfigurationReport report, NodeSettings settings, DataFolderLock folderLock, ILogger<ConfigurationReportService> logger)
    {
        // Taking the lock as a dependency makes the container create it, and so dispose it with the host.
        _ = folderLock;
        _report = report;
        _settings = settings;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogStarting(DicomNode.Dicom.DicomImplementation.Version, Environment.ProcessId, Path.GetFullPath(_settings.Node.DataDirectory));
        if (_report.FileExists)
        {
            LogConfigurationFile(_report.Location.Path, _report.Location.Source);
        }
        else
        {
            LogNoConfigurationFile(_report.Location.Path);
        }

        foreach (var (key, value) in _report.Overrides)
        {
            LogOverride(key, value ?? string.Empty, _report.Location.Path);
        }

        ServeOverrides.Write(Path.GetFullPath(_settings.Node.DataDirectory), _report.Overrides);

        if (_settings.Destinations.Count == 0)
        {
            LogNoDestination();
        }
        else if (string.IsNullOrWhiteSpace(_settings.Routing.DefaultDestination)
            && _settings.AcceptedCallers.Any(c => string.IsNullOrWhiteSpace(c.Destination)))
        {
            LogCallersWithoutDestination(string.Join(", ", _settings.AcceptedCallers.Where(c => string.IsNullOrWhiteSpace(c.Destination)).Select(c => c.AeTitle)));
        }

        if (_settings.AcceptAnyCaller)
        {
            LogAnyCaller();
        }
        else if (_settings.AcceptedCallers.Count == 0)
        {
            LogNoCaller();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        ServeOverrides.Remove(Path.GetFullPath(_settings.Node.DataDirectory));
        LogStopped(DicomNode.Dicom.DicomImplementation.Version);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "DicomNode {Version} starting (process {ProcessId}, data folder {DataFolder})")]
    private partial void LogStarting(string version, int processId, string dataFolder);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "DicomNode {Version} stopped: listener closed, every acknowledged instance on disk; queued and interrupted jobs run at the next start")]
    private partial void LogStopped(string version);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Configuration file {Path} (found as: {Source}); edits to it are taken while running")]
    private partial void LogConfigurationFile(string path, string source);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "No configuration file at {Path}: running on the defaults; dicomnode config creates it there and the node takes it while running")]
    private partial void LogNoConfigurationFile(string path);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Command line overrides {Key} = {Value}; the value in {Path} is not used until the node starts without that option")]
    private partial void LogOverride(string key, string value, string path);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "No destination is configured: studies are analysed but their results are not sent and the jobs fail with 'results not sent'; add one with: dicomnode config destinations add NAME AET HOST PORT --default")]
    private partial void LogNoDestination();

    [LoggerMessage(EventId = 114, Level = LogLevel.Warning, Message = "Callers {Callers} name no destination and Routing:DefaultDestination is empty: their results are not sent; set one with: dicomnode config destinations add NAME AET HOST PORT --default")]
    private partial void LogCallersWithoutDestination(string callers);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning, Message = "AcceptAnyCaller is true: any calling AE title from any address may send to this node")]
    private partial void LogAnyCaller();

    [LoggerMessage(EventId = 116, Level = LogLevel.Warning, Message = "No accepted caller is configured: every association is rejected; add one with: dicomnode config callers add AET (or set AcceptAnyCaller: true)")]
    private partial void LogNoCaller();
}
