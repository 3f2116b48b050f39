using DicomNode.Dicom.Network.Transport;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Retention;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Studies;

namespace DicomNode.Service.Configuration;

/// <summary>The workflow library's option records, made from the node's settings.</summary>
internal static class WorkflowSettings
{
    public static InboxOptions Inbox(NodeSettings s) => new()
    {
        MinimumFreeBytes = s.Inbox.MinimumFreeMegabytes * 1024 * 1024,
        MaxInstanceBytes = s.Inbox.MaxInstanceMegabytes * 1024 * 1024,
    };

    public static StudyAssemblyOptions StudyAssembly(NodeSettings s) => new()
    {
        QuietPeriod = TimeSpan.FromSeconds(s.StudyAssembly.QuietPeriodSeconds),
        QuietPeriodByCallingAe = s.AcceptedCallers
            .Where(c => c.QuietPeriodSeconds is not null)
            .GroupBy(c => c.AeTitle, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => TimeSpan.FromSeconds(g.First().QuietPeriodSeconds!.Value), StringComparer.Ordinal),
    };

    public static DicomNode.Workflow.Database.DatabaseOptions Database(NodeSettings s) => new()
    {
        Provider = s.Database.Provider,
        ConnectionString = string.IsNullOrWhiteSpace(s.Database.ConnectionString) ? null : s.Database.ConnectionString,
        Lease = TimeSpan.FromSeconds(s.Database.LeaseSeconds),
    };

    public static JobOptions Jobs(NodeSettings s) => new() { MaxConcurrency = s.Jobs.MaxConcurrency };

    public static OutboxOptions Outbox(NodeSettings s) => new()
    {
        InitialRetryDelay = TimeSpan.FromSeconds(s.Outbox.InitialRetrySeconds),
        MaxRetryDelay = TimeSpan.FromSeconds(s.Outbox.MaxRetrySeconds),
        MaxAge = TimeSpan.FromHours(s.Outbox.MaxAgeHours),
    };

    public static RetentionOptions Retention(NodeSettings s) => new()
    {
        Inbox = TimeSpan.FromDays(s.Retention.InboxDays),
        JobFolders = TimeSpan.FromDays(s.Retention.JobFolderDays),
        DeliveredRecords = TimeSpan.FromDays(s.Retention.DeliveredRecordDays),
        MinimumFreeBytes = s.Retention.MinimumFreeMegabytes * 1024 * 1024,
        Interval = TimeSpan.FromMinutes(s.Retention.IntervalMinutes),
    };

    public static RoutingOptions Routing(NodeSettings s) => new()
    {
        Destinations = s.Destinations.Select(d => new DestinationOptions
        {
            Name = d.Name,
            AeTitle = d.AeTitle,
            Host = d.Host,
            Port = d.Port,
            Tls = d.Tls ? new DicomTlsOptions { TrustedCertificatesPath = d.TrustedCertificatesPath } : null,
            Outputs = d.Outputs,
        }).ToList(),
        RouteByCallingAe = s.AcceptedCallers
            .Where(c => !string.IsNullOrEmpty(c.Destination))
            .GroupBy(c => c.AeTitle, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Destination!, StringComparer.Ordinal),
        DefaultDestination = string.IsNullOrWhiteSpace(s.Routing.DefaultDestination) ? null : s.Routing.DefaultDestination,
    };
}
