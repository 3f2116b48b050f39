using DicomNode.Workflow.Database;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Tests.Support;

/// <summary>
/// A data directory in a fresh temporary folder with its database and stores; disposing deletes it all. The database is
/// node.db (SQLite) or a fresh database on the test PostgreSQL server (<see cref="PostgreSqlServer"/>).
/// </summary>
internal sealed class TestNode : IDisposable
{
    private readonly string? _postgres;
    private NodeDatabase _database;

    public TestNode(FakeTimeProvider? time = null, StoreEngine engine = StoreEngine.Sqlite, string? claimOwner = null, TimeSpan? lease = null)
    {
        Time = time ?? new FakeTimeProvider();
        Engine = engine;
        ClaimOwner = claimOwner;
        Lease = lease ?? new DatabaseOptions().Lease;
        Folder = Directory.CreateTempSubdirectory("dicomnode-workflow-").FullName;
        Layout = new NodeDataLayout(Folder);
        Layout.EnsureCreated();
        if (engine == StoreEngine.PostgreSql)
        {
            _postgres = PostgreSqlServer.Shared.CreateDatabase();
        }

        _database = OpenDatabase();
        CreateStores();
    }

    /// <summary>A second node on the same PostgreSQL database and data folder as <paramref name="first"/>, named <paramref name="claimOwner"/>.</summary>
    private TestNode(TestNode first, string claimOwner)
    {
        Time = first.Time;
        Engine = first.Engine;
        ClaimOwner = claimOwner;
        Lease = first.Lease;
        Folder = first.Folder;
        Layout = first.Layout;
        _postgres = first._postgres;
        IsPeer = true;
        _database = OpenDatabase();
        CreateStores();
    }

    public StoreEngine Engine { get; }

    public string? ClaimOwner { get; }

    public TimeSpan Lease { get; }

    /// <summary>A node that shares another's database and folder: disposing it closes its connections only.</summary>
    public bool IsPeer { get; }

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
        _database = OpenDatabase();
        CreateStores();
    }

    /// <summary>Another node sharing this one's PostgreSQL database and data folder (and clock), with its own claim owner name.</summary>
    public TestNode Peer(string claimOwner) => Engine == StoreEngine.PostgreSql
        ? new TestNode(this, claimOwner)
        : throw new InvalidOperationException("only a PostgreSQL database is shared by several nodes");

    /// <summary>Drops the PostgreSQL database under the open stores, as a server that went away: every statement then fails.</summary>
    public void LoseDatabase() => PostgreSqlServer.Shared.DropDatabase(_postgres ?? throw new InvalidOperationException("a PostgreSQL node only"));

    private NodeDatabase OpenDatabase() => NodeDatabase.Open(
        new DatabaseOptions { Provider = Engine == StoreEngine.PostgreSql ? "postgresql" : "sqlite", ConnectionString = _postgres, Lease = Lease },
        Layout.DatabasePath,
        ClaimOwner);

    public DurableInbox Inbox(IInboxObserver? observer = null, long minimumFreeBytes = 0, Func<string, long>? probe = null, long maxInstanceBytes = 1L << 31) =>
        new(Layout, Index, () => new InboxOptions { MinimumFreeBytes = minimumFreeBytes, MaxInstanceBytes = maxInstanceBytes }, Time, observer, freeSpaceProbe: probe);

    public void Dispose()
    {
        _database.Dispose();
        if (IsPeer)
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            PostgreSqlServer.Shared.DropDatabase(_postgres);
        }

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
