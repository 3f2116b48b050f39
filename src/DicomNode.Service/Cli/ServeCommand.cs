using System.CommandLine;
using DicomNode.Service.Configuration;
using DicomNode.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode serve [--config FILE] [--aet AET] [--port N] [--data DIR]</c>: runs the node until
/// stopped (Ctrl+C, SIGTERM, or the service manager). The configuration file is found by
/// <see cref="ConfigLocation"/>; command-line values override it, and the node says so at start.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file (appsettings.json layout); edits to it are taken while running." };
        var aet = new Option<string?>("--aet") { Description = "Our AE title (Node:AeTitle)." };
        var port = new Option<int?>("--port") { Description = "DICOM port (Node:Port)." };
        var bind = new Option<string?>("--bind") { Description = "Address to bind (Node:BindAddress): 0.0.0.0, :: or one interface." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Data folder (Node:DataDirectory): inbox, database, outbox, logs." };
        var httpPort = new Option<int?>("--http-port") { Description = "Port of /health and /metrics on localhost (Http:Port); 0 turns them off." };
        var command = new Command("serve", "Run the node: receive studies, analyse them, send results. " + ConfigLocation.Rule + " Exit 2: configuration not valid or data folder in use. Exit 3: node.db damaged (run dicomnode repair).") { config, aet, port, bind, data, httpPort };
        command.SetAction((result, token) => CliErrors.RunAsync(async () =>
        {
            var overrides = new Dictionary<string, string?>();
            Put(overrides, "Node:AeTitle", result.GetValue(aet));
            Put(overrides, "Node:Port", result.GetValue(port)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Put(overrides, "Node:BindAddress", result.GetValue(bind));
            Put(overrides, "Node:DataDirectory", result.GetValue(data)?.FullName);
            Put(overrides, "Http:Port", result.GetValue(httpPort)?.ToString(System.Globalization.CultureInfo.InvariantCulture));

            IHost host;
            try
            {
                host = NodeHost.Build(ConfigLocation.Resolve(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName), overrides);
            }
            catch (NodeConfigurationException ex)
            {
                Console.Error.WriteLine($"error: {ex.OneLine}");
                return CliErrors.BadInput;
            }
            catch (DataFolderInUseException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return CliErrors.BadInput;
            }

            using (host)
            {
                await host.RunAsync(token).ConfigureAwait(false);
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    private static void Put(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
