using Microsoft.Data.Sqlite;

namespace DicomNode.Workflow.Database;

/// <summary>
/// The node's SQLite database (node.db): WAL journal, synchronous=FULL (a committed transaction is on
/// disk before Commit returns) except for the inbox index's group commits, which may trail the inbox files
/// that start-up indexes again (<see cref="InTransaction{T}(Func{SqliteConnection, SqliteTransaction, T}, bool)"/>), foreign keys on, and a busy
/// timeout so short writers from several threads queue instead of failing. Each operation opens a
/// pooled connection and keeps its transaction short.
/// </summary>
public sealed class NodeDatabase : IDisposable
{
    private const int BusyTimeoutMilliseconds = 10_000;
    private readonly string _connectionString;

    private NodeDatabase(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    public string Path { get; }

    /// <summary>The schema version the database is at after opening (<see cref="NodeSchema.LatestVersion"/>).</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/>, checks it with <c>PRAGMA quick_check</c> and
    /// migrates its schema; a damaged one throws <see cref="NodeDatabaseDamagedException"/> with SQLite's findings.
    /// </summary>
    public static NodeDatabase Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        };
        var database = new NodeDatabase(full, builder.ToString());
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

    /// <summary>SQLite's result codes for a damaged file (sqlite3.h: SQLITE_CORRUPT 11, SQLITE_NOTADB 26).</summary>
    private const int SqliteCorrupt = 11;

    private const int SqliteNotADatabase = 26;

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

    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = FULL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one immediate (write-locking) transaction and commits it.</summary>
    internal T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work) => InTransaction(work, trailing: false);

    /// <summary>
    /// Runs <paramref name="work"/> in one immediate transaction and commits it. With <paramref name="trailing"/> the commit
    /// uses synchronous=NORMAL: in WAL mode it survives a crash of the process at once and a power cut from the next
    /// checkpoint on, without an fsync of its own. Only for rows that start-up can rebuild from files already durable
    /// (the inbox index, <see cref="Inbox.InboxRecovery"/>); every other store keeps synchronous=FULL.
    /// </summary>
    internal T InTransaction<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool trailing)
    {
        using var connection = OpenConnection();
        if (trailing)
        {
            // Per connection; OpenConnection sets FULL again when the pooled connection is next taken.
            using var normal = connection.CreateCommand();
            normal.CommandText = "PRAGMA synchronous = NORMAL;";
            normal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    internal void InTransaction(Action<SqliteConnection, SqliteTransaction> work) =>
        InTransaction<bool>((c, t) =>
        {
            work(c, t);
            return true;
        });

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private void Migrate()
    {
        using var connection = OpenConnection();
        using (var wal = connection.CreateCommand())
        {
            // Persistent in the file: set once, harmless to repeat.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)";
            create.ExecuteNonQuery();
        }

        var current = CurrentVersion(connection);
        if (current > NodeSchema.LatestVersion)
        {
            throw new InvalidOperationException(
                $"The database {Path} has schema version {current}, newer than this build knows ({NodeSchema.LatestVersion}). Run a newer DicomNode or restore a backup.");
        }

        for (var version = current + 1; version <= NodeSchema.LatestVersion; version++)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var statement in NodeSchema.Migrations[version - 1])
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement;
                command.ExecuteNonQuery();
            }

            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ($v)";
                record.Parameters.AddWithValue("$v", version);
                record.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        SchemaVersion = CurrentVersion(connection);
    }

    private static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return command.ExecuteScalar() is long v ? (int)v : 0;
    }
}
