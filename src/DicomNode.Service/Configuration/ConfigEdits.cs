using System.Text.Json.Nodes;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The edits a service engineer makes to the configuration file, shared by `dicomnode config` and the web console: each
/// changes the JSON and returns a sentence saying what it did; <see cref="ConfigFile.Save"/> then validates and writes.
/// A refused edit throws <see cref="InvalidOperationException"/> with the reason and the fix.
/// </summary>
internal static class ConfigEdits
{
    public static string SetAeTitle(ConfigFile config, string title)
    {
        config.Section("Node")["AeTitle"] = title;
        return $"AE title set to {title}";
    }

    public static string AddCaller(ConfigFile config, string title, string? host, int? quietPeriodSeconds, string? destination)
    {
        var callers = config.Array("AcceptedCallers");
        if (callers.Any(c => string.Equals(c?["AeTitle"]?.GetValue<string>()?.Trim(), title.Trim(), StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"caller {title} is already accepted in {config.Path}; remove it first to change its host, quiet period or destination.");
        }

        var entry = new JsonObject { ["AeTitle"] = title };
        if (!string.IsNullOrWhiteSpace(host))
        {
            entry["Host"] = host;
        }

        if (quietPeriodSeconds is { } quiet)
        {
            entry["QuietPeriodSeconds"] = quiet;
        }

        if (!string.IsNullOrWhiteSpace(destination))
        {
            entry["Destination"] = destination;
        }

        callers.Add(entry);
        return $"caller {title} added";
    }

    public static string RemoveCaller(ConfigFile config, string title)
    {
        var callers = config.Array("AcceptedCallers");
        var matches = callers.Where(c => c?["AeTitle"]?.GetValue<string>() == title).ToList();
        if (matches.Count == 0)
        {
            throw new InvalidOperationException($"No accepted caller is called {title}.");
        }

        foreach (var match in matches)
        {
            callers.Remove(match);
        }

        return $"caller {title} removed";
    }

    /// <summary>Adds the destination, or replaces the one of that name.</summary>
    public static string SaveDestination(ConfigFile config, string name, string aeTitle, string host, int port, bool tls, bool makeDefault)
    {
        var destinations = config.Array("Destinations");
        foreach (var existing in destinations.Where(d => d?["Name"]?.GetValue<string>() == name).ToList())
        {
            destinations.Remove(existing);
        }

        destinations.Add(new JsonObject { ["Name"] = name, ["AeTitle"] = aeTitle, ["Host"] = host, ["Port"] = port, ["Tls"] = tls });
        if (makeDefault)
        {
            config.Section("Routing")["DefaultDestination"] = name;
        }

        return $"destination {name} saved{(makeDefault ? " as the default" : string.Empty)}";
    }

    public static string RemoveDestination(ConfigFile config, string name)
    {
        var destinations = config.Array("Destinations");
        var matches = destinations.Where(d => d?["Name"]?.GetValue<string>() == name).ToList();
        if (matches.Count == 0)
        {
            throw new InvalidOperationException($"No destination is called {name}.");
        }

        foreach (var match in matches)
        {
            destinations.Remove(match);
        }

        return $"destination {name} removed";
    }

    public static string SetAdminPassword(ConfigFile config, string password)
    {
        config.Section("Console")["AdminPasswordHash"] = AdminPassword.Hash(password);
        return "console administrator password set";
    }

    /// <summary>C-ECHO to a configured destination, as the node would call it; the status and a sentence.</summary>
    public static async Task<(bool Ok, string Message)> EchoAsync(NodeSettings settings, string name, CancellationToken cancellationToken)
    {
        var destination = settings.Destinations.FirstOrDefault(d => d.Name == name)
            ?? throw new InvalidOperationException($"No destination is called {name}.");
        var client = new DicomClient(new DicomClientOptions
        {
            Host = destination.Host,
            Port = destination.Port,
            CallingAeTitle = settings.Node.AeTitle,
            CalledAeTitle = destination.AeTitle,
            Tls = destination.Tls ? new Dicom.Network.Transport.DicomTlsOptions { TrustedCertificatesPath = destination.TrustedCertificatesPath } : null,
        });
        var status = await client.EchoAsync(cancellationToken).ConfigureAwait(false);
        return (status.IsSuccess, $"{destination.Name} ({destination.AeTitle}@{destination.Host}:{destination.Port}): C-ECHO {(status.IsSuccess ? "succeeded" : "failed")} (status {status})");
    }
}
