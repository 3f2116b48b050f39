using DicomNode.Service.Configuration;
using DicomNode.Service.Observability;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Retention;
using DicomNode.Workflow.Storage;
using DicomNode.Workflow.Studies;
using Microsoft.Extensions.Logging;

namespace DicomNode.Service.Hosting;

/// <summary>
/// The node's workflow, one of each part over one database: the durable inbox (the C-STORE handler),
/// study assembly, the job store and runner, the durable outbox and its delivery. Options are read from
/// the settings in force at each use, so a reloaded configuration applies at once.
/// </summary>
internal sealed class NodeWorkflow : IDisposable
{
    public NodeWorkflow(LiveNodeSettings settings, TimeProvider time, NodeMetrics metrics, IAnalysisPipeline pipeline, ILoggerFactory loggers)
    {
        var dataDirectory = Path.GetFullPath(settings.Current.Node.DataDirectory);
        Layout = new NodeDataLayout(dataDirectory);
        Layout.EnsureCreated();
        Database = NodeDatabase.Open(WorkflowSettings.Database(settings.Current), Layout.DatabasePath, settings.Current.Node.Id);
        Roles = NodeRolesSetting.Of(settings.Current.Node);
        Index = new InstanceIndex(Database);
        Jobs = new JobStore(Database);
        OutboxStore = new OutboxStore(Database);
        Outbox = new DurableOutbox(Layout, OutboxStore, time);
        Assembler = new StudyAssembler(Jobs, Index, () => WorkflowSettings.StudyAssembly(settings.Current), time, loggers.CreateLogger<StudyAssembler>());
        Inbox = new DurableInbox(Layout, Index, () => WorkflowSettings.Inbox(settings.Current), time, Assembler, loggers.CreateLogger<DurableInbox>());
        Runner = new JobRunner(Jobs, Index, Layout, pipeline, Outbox, OutboxStore,
            () => WorkflowSettings.Routing(settings.Current), () => WorkflowSettings.Jobs(settings.Current), time, loggers.CreateLogger<JobRunner>());
        Delivery = new OutboxDelivery(OutboxStore, new DicomClientSender(() => settings.Current.Node.AeTitle),
            () => WorkflowSettings.Routing(settings.Current), () => WorkflowSettings.Outbox(settings.Current), time, loggers.CreateLogger<OutboxDelivery>());
        OutboxOptions = () => WorkflowSettings.Outbox(settings.Current);
        Retention = new RetentionSweep(Layout, Database, () => WorkflowSettings.Retention(settings.Current), time, loggers.CreateLogger<RetentionSweep>());

        metrics.AddGauges(() =>
            Jobs.CountByState().Select(kv => ("dicomnode_jobs", "Jobs by state.", $"state=\"{kv.Key.ToString().ToLowerInvariant()}\"", (double)kv.Value))
            .Concat(OutboxStore.Depths().Select(d => ("dicomnode_outbox_items", "Outbox items by destination and state.",
                $"destination=\"{d.Destination}\",state=\"{d.State.ToString().ToLowerInvariant()}\"", (double)d.Count)))
            .Concat(new[] { ("dicomnode_inbox_refused", "C-STORE requests refused by the inbox since start.", string.Empty, (double)Inbox.RefusedCount) })
            .Concat(RetentionGauges(Retention.Total)));
    }

    public NodeDataLayout Layout { get; }

    public NodeDatabase Database { get; }

    /// <summary>What this node does (Node:Roles, read at start).</summary>
    public NodeRoles Roles { get; }

    public InstanceIndex Index { get; }

    public JobStore Jobs { get; }

    public OutboxStore OutboxStore { get; }

    public DurableOutbox Outbox { get; }

    public StudyAssembler Assembler { get; }

    public DurableInbox Inbox { get; }

    public JobRunner Runner { get; }

    public OutboxDelivery Delivery { get; }

    public Func<DicomNode.Workflow.Outbox.OutboxOptions> OutboxOptions { get; }

    public RetentionSweep Retention { get; }

    private static IEnumerable<(string, string, string, double)> RetentionGauges(RetentionReport removed)
    {
        const string Name = "dicomnode_retention_removed";
        const string Help = "What retention removed since start, by kind.";
        yield return (Name, Help, "kind=\"study\"", removed.Studies);
        yield return (Name, Help, "kind=\"instance\"", removed.Instances);
        yield return (Name, Help, "kind=\"job_folder\"", removed.JobFolders);
        yield return (Name, Help, "kind=\"delivered_record\"", removed.DeliveredRecords);
        yield return ("dicomnode_retention_freed_bytes", "Bytes retention freed since start.", string.Empty, removed.Bytes);
    }

    public void Dispose()
    {
        Assembler.Dispose();
        Database.Dispose();
    }
}
