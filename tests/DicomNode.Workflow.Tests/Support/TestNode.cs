using DicomNode.Workflow.Database;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Tests.Support;

/// <summary>A data directory in a fresh temporary folder with its database and stores; disposing deletes it all.</summary>
internal sealed class TestNode : IDisposable
{
    private NodeDatabase _database;

    public TestNode(FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        Folder = Directory.CreateTempSubdirectory("dicomnode-workflow-").FullName;
        Layout = new NodeDataLayout(Folder);
        Layout.EnsureCreated();
        _database = NodeDatabase.Open(Layout.DatabasePath);
        CreateStores();
    }

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public NodeDataLayout Layout { get; }

    public NodeDatabase Database => _database;

    public InstanceIndex Index { get; private set; } = null!;

    public JobStore Jobs { get; private set; } = null!;

    public OutboxStore OutboxStore { get; private set; } = null!;

    public DurableOutbox Outbox { get; private set; } = null!;

    /// <summary>Closes and opens the database again, as a restart does (the stores and their events are new).</summary>
    public void Reopen()
    {
        _database.Dispose();
        _database = NodeDatabase.Open(Layout.DatabasePath);
        CreateStores();
    }

    public DurableInbox Inbox(IInboxObserver? observer = null, long minimumFreeBytes = 0, Func<string, long>? probe = null, long maxInstanceBytes = 1L << 31) =>
        new(Layout, Index, () => new InboxOptions { MinimumFreeBytes = minimumFreeBytes, MaxInstanceBytes = maxInstanceBytes }, Time, observer, freeSpaceProbe: probe);

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private void CreateStores()
    {
        Index = new InstanceIndex(_database);
        Jobs = new JobStore(_database);
        OutboxStore = new OutboxStore(_database);
        Outbox = new DurableOutbox(Layout, OutboxStore, Time);
    }
}
