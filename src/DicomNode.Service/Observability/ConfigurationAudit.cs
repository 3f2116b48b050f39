using System.Globalization;
using DicomNode.Service.Configuration;
using DicomNode.Service.Hosting;
using Microsoft.Extensions.Hosting;

namespace DicomNode.Service.Observability;

/// <summary>
/// Writes to the audit log what changed whenever the node takes a new configuration from its file — an edit made with
/// `dicomnode config`, the console or a text editor — so that the audit trail has every change, whoever made it.
/// </summary>
internal sealed class ConfigurationAudit(LiveNodeSettings settings, AuditLog audit, ConfigurationReport report) : IHostedService
{
    private NodeSettings _last = settings.Current;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _last = settings.Current;
        settings.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        settings.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    /// <summary>One sentence per change an operator cares about: AE title, callers, destinations, routing, the console password.</summary>
    public static IReadOnlyList<string> Describe(NodeSettings before, NodeSettings after)
    {
        var changes = new List<string>();
        if (before.Node.AeTitle != after.Node.AeTitle)
        {
            changes.Add($"AE title {before.Node.AeTitle} -> {after.Node.AeTitle}");
        }

        if (before.Node.Port != after.Node.Port)
        {
            changes.Add(string.Create(CultureInfo.InvariantCulture, $"Node:Port {before.Node.Port} -> {after.Node.Port} (taken at the next start)"));
        }

        if (before.AcceptAnyCaller != after.AcceptAnyCaller)
        {
            changes.Add($"AcceptAnyCaller {before.AcceptAnyCaller} -> {after.AcceptAnyCaller}".ToLowerInvariant());
        }

        Compare(changes, "caller", before.AcceptedCallers.Select(c => Caller(c)), after.AcceptedCallers.Select(c => Caller(c)));
        Compare(changes, "destination", before.Destinations.Select(d => $"{d.Name} ({d.AeTitle}@{d.Host}:{d.Port}{(d.Tls ? ", TLS" : string.Empty)})"),
            after.Destinations.Select(d => $"{d.Name} ({d.AeTitle}@{d.Host}:{d.Port}{(d.Tls ? ", TLS" : string.Empty)})"));
        if (before.Routing.DefaultDestination != after.Routing.DefaultDestination)
        {
            changes.Add($"default destination {before.Routing.DefaultDestination ?? "none"} -> {after.Routing.DefaultDestination ?? "none"}");
        }

        if (before.Console.AdminPasswordHash != after.Console.AdminPasswordHash)
        {
            changes.Add("console administrator password changed");
        }

        return changes;
    }

    private static string Caller(CallerSettings c) =>
        c.AeTitle + (c.Host is null ? string.Empty : $" from {c.Host}") + (c.Destination is null ? string.Empty : $" to {c.Destination}");

    private static void Compare(List<string> changes, string what, IEnumerable<string> before, IEnumerable<string> after)
    {
        var old = before.ToHashSet(StringComparer.Ordinal);
        var next = after.ToHashSet(StringComparer.Ordinal);
        changes.AddRange(old.Except(next).Order(StringComparer.Ordinal).Select(x => $"{what} removed: {x}"));
        changes.AddRange(next.Except(old).Order(StringComparer.Ordinal).Select(x => $"{what} added: {x}"));
    }

    private void OnChanged(NodeSettings next)
    {
        var previous = Interlocked.Exchange(ref _last, next);
        foreach (var change in Describe(previous, next))
        {
            audit.ConfigurationChanged($"configuration file {report.Location.Path}", change);
        }
    }
}
