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
        RemoveEntries(config.Array("AcceptedCallers"), "AeTitle", title, "accepted caller");
        return $"caller {title} removed";
    }

    /// <summary>Adds the destination, or replaces the one of that name.</summary>
    /// <param name="outputs">The results the destination is sent (Seg, Sr, KeyImages, Pdf); null or empty keeps the profile of the destination replaced, else leaves Outputs out (the default profile).</param>
    /// <exception cref="InvalidOperationException">An output name is not a result.</exception>
    public static string SaveDestination(ConfigFile config, string name, string aeTitle, string host, int port, bool tls, bool makeDefault, IReadOnlyList<string>? outputs = null)
    {
        if (DicomNode.Workflow.Routing.ResultProfile.Unknown(outputs) is [var unknown, ..])
        {
            throw new InvalidOperationException(
                $"Outputs names '{unknown}', which is not a result; use {string.Join(", ", DicomNode.Workflow.Routing.ResultProfile.Names)}.");
        }

        var destinations = config.Array("Destinations");
        JsonNode? keptOutputs = null;
        foreach (var existing in destinations.Where(d => d?["Name"]?.GetValue<string>() == name).ToList())
        {
            keptOutputs = existing?["Outputs"]?.DeepClone();
            destinations.Remove(existing);
        }

        var destination = new JsonObject { ["Name"] = name, ["AeTitle"] = aeTitle, ["Host"] = host, ["Port"] = port, ["Tls"] = tls };
        if (outputs is { Count: > 0 })
        {
            destination["Outputs"] = new JsonArray(outputs.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray());
        }
        else if (keptOutputs is not null)
        {
            // Replacing a destination without naming outputs keeps the profile it had.
            destination["Outputs"] = keptOutputs;
        }

        destinations.Add(destination);
        if (makeDefault)
        {
            config.Section("Routing")["DefaultDestination"] = name;
        }

        return $"destination {name} saved{(makeDefault ? " as the default" : string.Empty)}";
    }

    public static string RemoveDestination(ConfigFile config, string name)
    {
        RemoveEntries(config.Array("Destinations"), "Name", name, "destination");
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

    /// <summary>Removes every entry of <paramref name="list"/> whose <paramref name="key"/> is <paramref name="value"/>; none is an error.</summary>
    private static void RemoveEntries(JsonArray list, string key, string value, string what)
    {
        var matches = list.Where(e => e?[key]?.GetValue<string>() == value).ToList();
        if (matches.Count == 0)
        {
            throw new InvalidOperationException($"No {what} is called {value}.");
        }

        foreach (var match in matches)
        {
            list.Remove(match);
        }
    }
}
