using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DicomNode.Workflow.Database;

/// <summary>
/// The node's store of its index, jobs and outbox, on one of two engines (<see cref="DatabaseEngine"/>); the stores
/// (<c>InstanceIndex</c>, <c>JobStore</c>, <c>OutboxStore</c>, …) run the same SQL on both, with the few differences
/// of dialect asked of this class.
/// <para>
/// SQLite (node.db, the default): WAL journal, synchronous=FULL (a committed transaction is on disk before Commit
/// returns, which persist-before-acknowledge needs) except for the inbox index's group commits, which may trail the
/// inbox files that start-up indexes again (<see cref="InTransaction{T}(Func{DbConnection, DbTransaction, T}, bool)"/>), foreign keys on, and a busy timeout so short writers from several
/// threads queue instead of failing. A write transaction takes the database's write lock at its start (BEGIN IMMEDIATE),
/// so one runs at a time.
/// </para>
/// <para>
/// PostgreSQL (several nodes): read-committed transactions; what SQLite's single writer gave for free is asked for
/// explicitly — a transaction that changes a study locks it first (<see cref="LockStudy"/>), and jobs and deliveries are
/// claimed with <c>FOR UPDATE SKIP LOCKED</c> and a lease (<see cref="Lease"/>) that another node may take over once it
/// expires. A committed transaction is durable when Commit returns (PostgreSQL's synchronous_commit, on by default).
/// </para>
/// Each operation opens a pooled connection and keeps its transaction short.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    private const int BusyTimeoutMilliseconds = 10_000;

    /// <summary>What each pooled SQLite connection has been set to (<see cref="OpenConnection(Synchronous?)"/>).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, ConnectionSettings> _pragmas = new();

    /// <summary>The key of the advisory lock that lets one node at a time migrate a shared schema.</summary>
    private const long MigrationLockKey = 0x44_69_63_6F_6D_4E_44; // "DicomND"

    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    private NodeDatabase(DatabaseEngine engine, string path, string connectionString, TimeSpan lease, string claimOwner)
    {
        Engine = engine;
        Path = path;
        _connectionString = connectionString;
        Lease = lease;
        ClaimOwner = claimOwner;
        if (engine == DatabaseEngine.PostgreSql)
        {
            _postgres = NpgsqlDataSource.Create(connectionString);
        }
    }

    public DatabaseEngine Engine { get; }

    /// <summary>node.db's full path, or for PostgreSQL the server and database (never the password).</summary>
    public string Path { get; }

    /// <summary>The schema version the database is at after opening (<see cref="NodeSchema.LatestVersion"/>).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>How long a claim on a job or an outbox item lasts unless renewed.</summary>
    public TimeSpan Lease { get; }

    /// <summary>This node's name in claims (lease_owner): <c>Node:Id</c>, unique among the nodes sharing a database.</summary>
    public string ClaimOwner { get; }

    /// <summary>Whether several nodes may share this database (claims and leases matter).</summary>
    public bool Shared => Engine == DatabaseEngine.PostgreSql;

    /// <summary>
    /// Opens (creating if needed) the SQLite database at <paramref name="path"/>, checks it with <c>PRAGMA quick_check</c> and
    /// migrates its schema; a damaged one throws <see cref="NodeDatabaseDamagedException"/> with SQLite's findings.
    /// </summary>
    public static NodeDatabase Open(string path) => OpenSqlite(path, new DatabaseOptions().Lease, DefaultClaimOwner());

    /// <summary>
    /// Opens the store <paramref name="options"/> name: SQLite at <paramref name="sqlitePath"/>, or the PostgreSQL server
    /// (its schema created or migrated, one node at a time). <paramref name="claimOwner"/> names this node in claims; null
    /// gives host name and process id, unique but new at every start.
    /// </summary>
    public static NodeDatabase Open(DatabaseOptions options, string sqlitePath, string? claimOwner = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors));
        }

        var owner = string.IsNullOrWhiteSpace(claimOwner) ? DefaultClaimOwner() : claimOwner.Trim();
        return options.Engine == DatabaseEngine.PostgreSql
            ? OpenPostgreSql(options.ConnectionString!, options.Lease, owner)
            : OpenSqlite(sqlitePath, options.Lease, owner);
    }

    private static string DefaultClaimOwner() => $"{Environment.MachineName}-{Environment.ProcessId}";

    private static NodeDatabase OpenSqlite(string path, TimeSpan lease, string claimOwner)
    {
        var full = System.IO.Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        var database = new NodeDatabase(DatabaseEngine.Sqlite, full, builder.ToString(), lease, claimOwner);
        try
        {
            database.QuickCheck();
            database.Migrate();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            database.Dispose();
            throw new NodeDatabaseDamagedException(full, ex.Message, ex);
        }
        catch (NodeDatabaseDamagedException)
        {
            database.Dispose();
            throw;
        }

        return database;
    }

    private static NodeDatabase OpenPostgreSql(string connectionString, TimeSpan lease, string claimOwner)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var described = $"postgresql://{builder.Host}{(builder.Port == NpgsqlConnection.DefaultPort ? string.Empty : $":{builder.Port}")}/{builder.Database}";
        var database = new NodeDatabase(DatabaseEngine.PostgreSql, described, connectionString, lease, claimOwner);
        try
        {
            database.Migrate();
        }
        catch
        {
            database.Dispose();
            throw;
        }

        return database;
    }

    /// <summary>SQLite's result codes for a damaged file (sqlite3.h: SQLITE_CORRUPT 11, SQLITE_NOTADB 26).</summary>
    private const int SqliteCorrupt = 11;

    private const int SqliteNotADatabase = 26;

    /// <summary><c> FOR UPDATE SKIP LOCKED</c> on PostgreSQL, to end a query that claims rows; nothing on SQLite, whose writer is alone.</summary>
    internal string SkipLocked => Engine == DatabaseEngine.PostgreSql ? " FOR UPDATE SKIP LOCKED" : string.Empty;

    /// <summary>The larger of two values: GREATEST on PostgreSQL, the two-argument MAX on SQLite.</summary>
    internal string Greatest => Engine == DatabaseEngine.PostgreSql ? "GREATEST" : "MAX";

    /// <summary>
    /// Within a write transaction, waits for and holds the study's lock until commit, so two nodes never interleave
    /// changes to one study (indexing an instance, assembling a job, retention). On SQLite the write transaction already
    /// holds the only write lock.
    /// </summary>
    internal void LockStudy(DbConnection connection, DbTransaction transaction, string studyInstanceUid)
    {
        if (Engine == DatabaseEngine.PostgreSql)
        {
            connection.Execute(transaction, "SELECT pg_advisory_xact_lock(hashtextextended($study, 0))", ("$study", studyInstanceUid));
        }
    }

    /// <summary>
    /// <c>PRAGMA quick_check</c>: the b-trees, their pages and records, without the index-to-table cross check of
    /// integrity_check, so it stays cheap at every start. Its first lines are the reason given.
    /// </summary>
    private void QuickCheck()
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5)";
        var findings = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            findings.Add(reader.GetString(0));
        }

        if (findings is not ["ok"])
        {
            throw new NodeDatabaseDamagedException(Path, $"quick_check: {string.Join("; ", findings)}");
        }
    }

    internal DbConnection OpenConnection() => OpenConnection(Synchronous.Full);

    /// <summary>
    /// A pooled connection for reading only: its synchronous setting is left as the pool has it (it matters only to commits).
    /// </summary>
    internal DbConnection OpenReadConnection() => OpenConnection(synchronous: null);

    /// <summary>
    /// A pooled connection with foreign keys on, the busy timeout, and the synchronous setting asked for. SQLite keeps
    /// pragmas per native connection, which the pool reuses: they are set when the pool opens it and changed only when a
    /// caller needs another synchronous setting, not run again every time it is taken from the pool.
    /// </summary>
    private DbConnection OpenConnection(Synchronous? synchronous)
    {
        if (_postgres is not null)
        {
            return _postgres.OpenConnection();
        }

        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var handle = connection.Handle!;
        if (!_pragmas.TryGetValue(handle, out var settings))
        {
            connection.Execute(null, $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL;");
            settings = new ConnectionSettings();
            _pragmas.AddOrUpdate(handle, settings);
        }

        if (synchronous is { } wanted && settings.Synchronous != wanted)
        {
            connection.Execute(null, wanted == Synchronous.Normal ? "PRAGMA synchronous = NORMAL;" : "PRAGMA synchronous = FULL;");
            settings.Synchronous = wanted;
        }

        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits it: on SQLite an immediate (write-locking) one,
    /// on PostgreSQL a read-committed one.
    /// </summary>
    internal T InTransaction<T>(Func<DbConnection, DbTransaction, T> work) => InTransaction(work, trailing: false);

    /// <summary>
    /// As <see cref="InTransaction{T}(Func{DbConnection, DbTransaction, T})"/>. With <paramref name="trailing"/> a SQLite
    /// commit uses synchronous=NORMAL: in WAL mode it survives a crash of the process at once and a power cut from the next
    /// checkpoint on, without an fsync of its own. Only for rows that start-up can rebuild from files already durable
    /// (the inbox index, <see cref="Inbox.InboxRecovery"/>); every other store keeps synchronous=FULL. PostgreSQL commits
    /// as it is configured either way.
    /// </summary>
    internal T InTransaction<T>(Func<DbConnection, DbTransaction, T> work, bool trailing)
    {
        // Per native connection; OpenConnection sets FULL again when a pooled connection left at NORMAL is next taken.
        using var connection = OpenConnection(trailing ? Synchronous.Normal : Synchronous.Full);
        using var transaction = BeginWrite(connection);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    internal void InTransaction(Action<DbConnection, DbTransaction> work) =>
        InTransaction<bool>((c, t) =>
        {
            work(c, t);
            return true;
        });

    private static DbTransaction BeginWrite(DbConnection connection) => connection is SqliteConnection sqlite
        ? sqlite.BeginTransaction(deferred: false)
        : connection.BeginTransaction(IsolationLevel.ReadCommitted);

    private enum Synchronous
    {
        Full,
        Normal,
    }

    private sealed class ConnectionSettings
    {
        public Synchronous Synchronous { get; set; } = Synchronous.Full;
    }

    public void Dispose()
    {
        if (_postgres is not null)
        {
            _postgres.Dispose();
            return;
        }

        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void Migrate()
    {
        using var connection = OpenConnection();
        if (Engine == DatabaseEngine.Sqlite)
        {
            // Persistent in the file: set once, harmless to repeat.
            connection.Execute(null, "PRAGMA journal_mode = WAL;");
        }

        // One transaction on PostgreSQL (its DDL is transactional) under an advisory lock, so nodes starting together
        // migrate once; on SQLite one per version, each holding the write lock.
        using var shared = Engine == DatabaseEngine.PostgreSql ? connection.BeginTransaction(IsolationLevel.ReadCommitted) : null;
        if (shared is not null)
        {
            connection.Execute(shared, "SELECT pg_advisory_xact_lock($key)", ("$key", MigrationLockKey));
        }

        connection.Execute(shared, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        var current = CurrentVersion(connection, shared);
        if (current > NodeSchema.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database {Path} has schema version {current}, newer than this build knows ({NodeSchema.LatestVersion}). Run a newer DicomNode or restore a backup.");
        }

        for (var version = current + 1; version <= NodeSchema.LatestVersion; version++)
        {
            var transaction = shared ?? BeginWrite(connection);
            foreach (var statement in NodeSchema.Migrations[version - 1].For(Engine))
            {
                connection.Execute(transaction, statement);
            }

            connection.Execute(transaction, "DELETE FROM schema_version", []);
            connection.Execute(transaction, "INSERT INTO schema_version (version) VALUES ($v)", ("$v", version));
            if (shared is null)
            {
                transaction.Commit();
                transaction.Dispose();
            }
        }

        SchemaVersion = CurrentVersion(connection, shared);
        shared?.Commit();
    }

    private static int CurrentVersion(DbConnection connection, DbTransaction? transaction) =>
        connection.Scalar(transaction, "SELECT MAX(version) FROM schema_version") is { } v ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
}
