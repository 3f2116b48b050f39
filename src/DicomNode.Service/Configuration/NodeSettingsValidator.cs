using System.Net;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Service.Configuration;

/// <summary>
/// Checks a configuration before the node starts or a reload is taken: each problem names its key
/// (as in appsettings.json, Section:Key) and how to fix it.
/// </summary>
public static class NodeSettingsValidator
{
    private static readonly string[] LogLevels = { "Verbose", "Debug", "Information", "Warning", "Error", "Fatal" };

    public static IReadOnlyList<string> Validate(NodeSettings settings)
    {
        var errors = new List<string>();
        var node = settings.Node;
        CheckAeTitle(errors, "Node:AeTitle", node.AeTitle);
        CheckPort(errors, "Node:Port", node.Port, allowZero: true);
        if (!IPAddress.TryParse(node.BindAddress, out _))
        {
            errors.Add($"Node:BindAddress '{node.BindAddress}' is not an IP address; use 0.0.0.0, :: or one interface's address.");
        }

        if (string.IsNullOrWhiteSpace(node.DataDirectory))
        {
            errors.Add("Node:DataDirectory is empty; give the folder for the inbox, database and outbox, e.g. /var/lib/dicomnode.");
        }

        Range(errors, "Node:MaxAssociations", node.MaxAssociations, 1, 1000);
        Range(errors, "Node:MaxAssociationsPerCaller", node.MaxAssociationsPerCaller, 1, 1000);
        Range(errors, "Node:MaxAssociationsPerAddress", node.MaxAssociationsPerAddress, 1, 1000);
        Range(errors, "Node:MaxPendingConnections", node.MaxPendingConnections, 1, 10000);
        Range(errors, "Node:MaxPendingConnectionsPerAddress", node.MaxPendingConnectionsPerAddress, 1, 10000);
        Range(errors, "Node:MaxAssociationSeconds", node.MaxAssociationSeconds, 10, 7 * 86400);
        Range(errors, "Node:MaxPduLength", node.MaxPduLength, 4096, 16 * 1024 * 1024);
        Range(errors, "Node:ArtimTimeoutSeconds", node.ArtimTimeoutSeconds, 1, 3600);
        Range(errors, "Node:IdleTimeoutSeconds", node.IdleTimeoutSeconds, 1, 86400);
        if (node.Tls.Enabled)
        {
            CheckFile(errors, "Node:Tls:CertificatePath", node.Tls.CertificatePath, required: true);
            CheckFile(errors, "Node:Tls:KeyPath", node.Tls.KeyPath, required: false);
            CheckFile(errors, "Node:Tls:TrustedCertificatesPath", node.Tls.TrustedCertificatesPath, required: node.Tls.RequireClientCertificate);
        }

        var destinationNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Destinations.Count; i++)
        {
            var d = settings.Destinations[i];
            var key = $"Destinations:{i}";
            if (string.IsNullOrWhiteSpace(d.Name))
            {
                errors.Add($"{key}:Name is empty; give each destination a name to route to.");
            }
            else if (!DicomNode.Workflow.Storage.NodeDataLayout.IsValidDestinationName(d.Name))
            {
                errors.Add($"{key}:Name '{d.Name}' cannot name the destination's outbox folder; use letters, digits, '-' and '_'.");
            }
            else if (!destinationNames.Add(d.Name))
            {
                errors.Add($"{key}:Name '{d.Name}' is used twice; destination names must be unique.");
            }

            CheckAeTitle(errors, $"{key}:AeTitle", d.AeTitle);
            if (string.IsNullOrWhiteSpace(d.Host))
            {
                errors.Add($"{key}:Host is empty; give the destination's host name or address.");
            }

            CheckPort(errors, $"{key}:Port", d.Port, allowZero: false);
            if (d.Tls)
            {
                CheckFile(errors, $"{key}:TrustedCertificatesPath", d.TrustedCertificatesPath, required: false);
            }

            foreach (var unknown in DicomNode.Workflow.Routing.ResultProfile.Unknown(d.Outputs))
            {
                errors.Add($"{key}:Outputs names '{unknown}', which is not a result; use {string.Join(", ", DicomNode.Workflow.Routing.ResultProfile.Names)} (or leave Outputs out for Seg, Sr and KeyImages).");
            }
        }

        var callers = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.AcceptedCallers.Count; i++)
        {
            var c = settings.AcceptedCallers[i];
            var key = $"AcceptedCallers:{i}";
            CheckAeTitle(errors, $"{key}:AeTitle", c.AeTitle);
            if (!callers.Add($"{c.AeTitle}@{c.Host}"))
            {
                errors.Add($"{key} repeats caller '{c.AeTitle}'{(string.IsNullOrEmpty(c.Host) ? string.Empty : $" from {c.Host}")}; remove the duplicate.");
            }

            if (!string.IsNullOrEmpty(c.Host) && !IPAddress.TryParse(c.Host, out _))
            {
                errors.Add($"{key}:Host '{c.Host}' is not an IP address; callers are matched by the address they connect from.");
            }

            if (c.QuietPeriodSeconds is { } quiet)
            {
                Range(errors, $"{key}:QuietPeriodSeconds", quiet, 1, 86400);
            }

            if (!string.IsNullOrEmpty(c.Destination) && !destinationNames.Contains(c.Destination))
            {
                errors.Add($"{key}:Destination '{c.Destination}' is not among Destinations; add it there or correct the name.");
            }
        }

        if (!string.IsNullOrEmpty(settings.Routing.DefaultDestination) && !destinationNames.Contains(settings.Routing.DefaultDestination))
        {
            errors.Add($"Routing:DefaultDestination '{settings.Routing.DefaultDestination}' is not among Destinations; add it there or correct the name.");
        }

        if (settings.Inbox.MinimumFreeMegabytes < 0)
        {
            errors.Add("Inbox:MinimumFreeMegabytes is negative; use 0 to turn the free-space check off.");
        }

        if (settings.Inbox.MaxInstanceMegabytes is < 1 or > 1L << 20)
        {
            errors.Add($"Inbox:MaxInstanceMegabytes is {settings.Inbox.MaxInstanceMegabytes}; set it between 1 and 1048576 (default 2048, 2 GiB).");
        }

        Range(errors, "StudyAssembly:QuietPeriodSeconds", settings.StudyAssembly.QuietPeriodSeconds, 1, 86400);
        Range(errors, "Jobs:MaxConcurrency", settings.Jobs.MaxConcurrency, 1, 64);
        if (settings.Jobs.Pipeline is not ("analysis" or "record" or "echo"))
        {
            errors.Add($"Jobs:Pipeline '{settings.Jobs.Pipeline}' is not known; use analysis (the default), record or echo.");
        }

        if (settings.Models.ExecutionProvider.ToLowerInvariant() is not ("cpu" or "cuda" or "tensorrt" or "auto"))
        {
            errors.Add($"Models:ExecutionProvider '{settings.Models.ExecutionProvider}' is not known; use cpu, cuda, tensorrt or auto.");
        }

        Range(errors, "Models:DeviceId", settings.Models.DeviceId, 0, 64);

        Range(errors, "Models:IntraOpThreads", settings.Models.IntraOpThreads, 0, 256);
        Range(errors, "Models:ConcurrentRuns", settings.Models.ConcurrentRuns, 0, 16);
        if (settings.Jobs.Pipeline == "analysis" && settings.Models.ManifestProblem() is { } manifest)
        {
            errors.Add(manifest);
        }

        if (!(settings.Analysis.MinimumMetastasisVolumeCm3 >= 0 && settings.Analysis.MinimumMetastasisVolumeCm3 <= 1000))
        {
            errors.Add($"Analysis:MinimumMetastasisVolumeCm3 {settings.Analysis.MinimumMetastasisVolumeCm3} is outside 0–1000 cm³ (the method uses 0.2).");
        }

        if (!(settings.Analysis.SuspiciousShortAxisMm > 0 && settings.Analysis.SuspiciousShortAxisMm <= 100))
        {
            errors.Add($"Analysis:SuspiciousShortAxisMm {settings.Analysis.SuspiciousShortAxisMm} is outside 0–100 mm (the method uses 8).");
        }

        if (!(settings.Analysis.TargetBValueMin >= 50 && settings.Analysis.TargetBValueMin <= settings.Analysis.TargetBValueMax && settings.Analysis.TargetBValueMax <= 10000))
        {
            errors.Add($"Analysis:TargetBValueMin {settings.Analysis.TargetBValueMin} and Analysis:TargetBValueMax {settings.Analysis.TargetBValueMax} must satisfy 50 ≤ min ≤ max ≤ 10000 s/mm² (the method uses 800 and 1000).");
        }

        Range(errors, "Jobs:EchoDelaySeconds", settings.Jobs.EchoDelaySeconds, 0, 3600);
        Range(errors, "Outbox:InitialRetrySeconds", settings.Outbox.InitialRetrySeconds, 1, 86400);
        Range(errors, "Outbox:MaxRetrySeconds", settings.Outbox.MaxRetrySeconds, settings.Outbox.InitialRetrySeconds, 7 * 86400);
        Range(errors, "Outbox:MaxAgeHours", settings.Outbox.MaxAgeHours, 1, 24 * 365);
        if (!string.IsNullOrEmpty(settings.Console.AdminPasswordHash) && !AdminPassword.IsWellFormed(settings.Console.AdminPasswordHash))
        {
            errors.Add("Console:AdminPasswordHash is not a hash this node wrote; set the password with: dicomnode config set-admin-password");
        }

        // Database:Lease is checked as the key written here, Database:LeaseSeconds.
        errors.AddRange(WorkflowSettings.Database(settings).Validate().Where(e => !e.StartsWith("Database:Lease ", StringComparison.Ordinal)));
        Range(errors, "Database:LeaseSeconds", settings.Database.LeaseSeconds, 5, 86400);
        if (node.Id.Length > 0 && (node.Id.Length > 64 || !node.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add($"Node:Id '{node.Id}' names this node's lock file in a shared data folder; use at most 64 letters, digits, '-', '_' and '.'.");
        }

        foreach (var role in node.Roles)
        {
            if (NodeRolesSetting.Parse(role) is null)
            {
                errors.Add($"Node:Roles has '{role}'; the roles are receive, analyse and deliver.");
            }
        }

        if (NodeRolesSetting.Of(node) != NodeRoles.All && !settings.Database.Provider.Trim().StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Node:Roles leaves out a role on a SQLite database, which no other node can share: that work would never be done. Set Database:Provider to postgresql, or give all three roles.");
        }

        Range(errors, "Retention:InboxDays", settings.Retention.InboxDays, 0, 3650);
        Range(errors, "Retention:JobFolderDays", settings.Retention.JobFolderDays, 0, 3650);
        Range(errors, "Retention:DeliveredRecordDays", settings.Retention.DeliveredRecordDays, 0, 3650);
        Range(errors, "Retention:IntervalMinutes", settings.Retention.IntervalMinutes, 1, 24 * 60);
        if (settings.Retention.MinimumFreeMegabytes < 0)
        {
            errors.Add("Retention:MinimumFreeMegabytes is negative; use 0 to turn removal for free space off.");
        }

        CheckPort(errors, "Http:Port", settings.Http.Port, allowZero: true);
        if (settings.Http.Https && string.IsNullOrWhiteSpace(settings.Node.Tls.CertificatePath))
        {
            errors.Add("Http:Https is true but Node:Tls:CertificatePath is empty; give the node's certificate (and Node:Tls:KeyPath) or set Http:Https to false.");
        }
        Range(errors, "Log:AuditRetentionDays", settings.Log.AuditRetentionDays, 1, 3650);
        Range(errors, "Log:AuditRepeatLimit", settings.Log.AuditRepeatLimit, 1, 10000);
        Range(errors, "Log:AuditLinesPerMinute", settings.Log.AuditLinesPerMinute, settings.Log.AuditRepeatLimit, 100000);
        if (settings.Log.Format is not ("plain" or "json"))
        {
            errors.Add($"Log:Format '{settings.Log.Format}' is not known; use plain or json.");
        }

        if (!LogLevels.Contains(settings.Log.Level, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Log:Level '{settings.Log.Level}' is not known; use one of {string.Join(", ", LogLevels)}.");
        }

        return errors;
    }

    private static void CheckAeTitle(List<string> errors, string key, string? value)
    {
        // PS3.5 Table 6.2-1: AE is 1 to 16 characters of the default repertoire, no backslash or control characters, not all spaces.
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{key} is empty; an AE title has 1 to 16 characters.");
        }
        else if (value.Length > 16)
        {
            errors.Add($"{key} '{value}' is longer than 16 characters; shorten it.");
        }
        else if (value.Any(c => c < 0x20 || c > 0x7E || c == '\\'))
        {
            errors.Add($"{key} '{value}' has characters an AE title cannot hold; use letters, digits, spaces and punctuation other than backslash.");
        }
    }

    private static void CheckPort(List<string> errors, string key, int port, bool allowZero)
    {
        if (port < (allowZero ? 0 : 1) || port > 65535)
        {
            errors.Add($"{key} {port} is not a TCP port; use 1 to 65535{(allowZero ? " (0 turns it off or lets the system choose)" : string.Empty)}.");
        }
    }

    private static void Range(List<string> errors, string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} {value} is out of range; use {min} to {max}.");
        }
    }

    private static void CheckFile(List<string> errors, string key, string? path, bool required)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            if (required)
            {
                errors.Add($"{key} is empty; TLS needs it.");
            }

            return;
        }

        if (!File.Exists(path))
        {
            errors.Add($"{key} '{path}' does not exist; correct the path or copy the file there.");
        }
    }

    /// <summary>The node's own certificate settings, whether or not the DICOM listener uses TLS (the HTTPS console uses them too).</summary>
    public static DicomTlsOptions NodeCertificate(NodeSettings settings) => new()
    {
        CertificatePath = settings.Node.Tls.CertificatePath,
        KeyPath = settings.Node.Tls.KeyPath,
        Password = settings.Node.Tls.Password,
    };

    /// <summary>The TLS options for the listener, or null when TLS is off.</summary>
    public static DicomTlsOptions? ListenerTls(NodeSettings settings) => settings.Node.Tls.Enabled
        ? new DicomTlsOptions
        {
            CertificatePath = settings.Node.Tls.CertificatePath,
            KeyPath = settings.Node.Tls.KeyPath,
            Password = settings.Node.Tls.Password,
            TrustedCertificatesPath = settings.Node.Tls.TrustedCertificatesPath,
            RequireClientCertificate = settings.Node.Tls.RequireClientCertificate,
        }
        : null;
}
