using System.Data.Common;
using DicomNode.Workflow.Database;

namespace DicomNode.Workflow.Outbox;

/// <summary>
/// The outbox table: one row per object and destination, unique by (destination, SOP Instance UID), so
/// every attempt sends the same stored file with the same UID. Items in flight are not recorded: after a
/// crash they are simply due again (at-least-once; a PACS keeps one copy per SOP Instance UID).
/// </summary>
public sealed class OutboxStore
{
    private const string Columns = "id, destination, job_id, sop_instance_uid, sop_class_uid, path, state, attempts, enqueued_at, next_attempt_at, last_attempt_at, sent_at, last_error";
    private readonly NodeDatabase _database;

    public OutboxStore(NodeDatabase database) => _database = database;

    /// <summary>Raised (with the destination) after items become due now: queued, retried, or freed by a delivery.</summary>
    public event Action<string>? ItemsQueued;

    /// <summary>Queues entries whose files are already durable; a (destination, UID) already present is queued again with its attempts reset.</summary>
    public void Enqueue(IReadOnlyList<OutboxEntry> entries, DateTimeOffset now)
    {
        _database.InTransaction((connection, transaction) =>
        {
            foreach (var entry in entries)
            {
                Insert(connection, transaction, entry, now);
            }
        });
        RaiseQueued(entries.Select(e => e.Destination));
    }

    /// <summary>Items, newest first, optionally of one state and destination.</summary>
    public IReadOnlyList<OutboxItem> List(OutboxState? state = null, string? destination = null, int limit = 100)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null,
            $"""
            SELECT {Columns} FROM outbox
            WHERE (CAST($state AS TEXT) IS NULL OR state = $state) AND (CAST($destination AS TEXT) IS NULL OR destination = $destination)
            ORDER BY id DESC LIMIT $limit
            """,
            Read, ("$state", state is null ? null : Name(state.Value)), ("$destination", destination), ("$limit", limit));
    }

    public OutboxItem? Get(long id)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, $"SELECT {Columns} FROM outbox WHERE id = $id", Read, ("$id", id)).FirstOrDefault();
    }

    /// <summary>
    /// Queues failed items again, due now, with attempts reset and their maximum age counted from now:
    /// one item by <paramref name="id"/>, or every failed item (of <paramref name="destination"/> when given).
    /// Returns how many were queued.
    /// </summary>
    public int Retry(DateTimeOffset now, long? id = null, string? destination = null)
    {
        var destinations = _database.InTransaction((connection, transaction) =>
        {
            var affected = connection.Query(transaction,
                """
                UPDATE outbox SET state = 'pending', attempts = 0, enqueued_at = $now, next_attempt_at = $now, last_error = NULL, lease_owner = NULL, lease_expires_at = NULL
                WHERE state = 'failed' AND (CAST($id AS BIGINT) IS NULL OR id = $id) AND (CAST($destination AS TEXT) IS NULL OR destination = $destination)
                RETURNING destination
                """,
                r => r.GetString(0), ("$now", now.ToUnixMs()), ("$id", id), ("$destination", destination));
            return affected;
        });
        RaiseQueued(destinations);
        return destinations.Count;
    }

    /// <summary>Counts per destination and state.</summary>
    public IReadOnlyList<OutboxDepth> Depths()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, "SELECT destination, state, COUNT(*) FROM outbox GROUP BY destination, state ORDER BY destination, state",
            r => new OutboxDepth(r.GetString(0), Parse(r.GetString(1)), r.Int64(2)));
    }

    /// <summary>Destinations that have pending items.</summary>
    public IReadOnlyList<string> PendingDestinations()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, "SELECT DISTINCT destination FROM outbox WHERE state = 'pending'", r => r.GetString(0));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> of the destination's items due at <paramref name="now"/> for this node until
    /// now plus the lease, and returns them oldest due first. An item another node claimed is not due until its lease
    /// expires (that node died while sending it: at-least-once, as after a crash). On PostgreSQL the candidate rows are
    /// locked with FOR UPDATE SKIP LOCKED, so two nodes delivering at once take different items.
    /// </summary>
    internal IReadOnlyList<OutboxItem> Due(string destination, DateTimeOffset now, int limit)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null,
            $"""
            UPDATE outbox SET lease_owner = $owner, lease_expires_at = $until
            WHERE id IN (SELECT id FROM outbox
                         WHERE destination = $destination AND state = 'pending' AND next_attempt_at <= $now AND (lease_expires_at IS NULL OR lease_expires_at < $now)
                         ORDER BY next_attempt_at, id LIMIT $limit{_database.SkipLocked})
            RETURNING {Columns}
            """,
            Read, ("$destination", destination), ("$now", now.ToUnixMs()), ("$limit", limit), ("$owner", _database.ClaimOwner),
            ("$until", (now + _database.Lease).ToUnixMs()))
            .OrderBy(i => i.NextAttemptAt).ThenBy(i => i.Id).ToList();
    }

    /// <summary>
    /// Claims left by this node's previous run are released (on SQLite every claim: one node), so what it was sending when it
    /// stopped is due at once; returns how many.
    /// </summary>
    internal int ReleaseInterruptedClaims()
    {
        using var connection = _database.OpenConnection();
        return connection.Execute(null,
            "UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner IS NOT NULL AND ($shared = 0 OR lease_owner = $owner)",
            ("$shared", _database.Shared ? 1 : 0), ("$owner", _database.ClaimOwner));
    }

    /// <summary>Whether other nodes share the outbox: items they queue ring no bell here, so the delivery also looks on its own.</summary>
    internal bool Shared => _database.Shared;

    /// <summary>How long a claim on an item lasts.</summary>
    internal TimeSpan Lease => _database.Lease;

    /// <summary>
    /// The earliest time one of the destination's pending items may be sent (its next attempt, or the end of another node's
    /// claim on it), or null when it has none.
    /// </summary>
    internal DateTimeOffset? NextDueAt(string destination)
    {
        using var connection = _database.OpenConnection();
        return connection.ScalarInt64(null,
            $"SELECT MIN({_database.Greatest}(next_attempt_at, COALESCE(lease_expires_at, 0))) FROM outbox WHERE destination = $destination AND state = 'pending'",
            ("$destination", destination)) is { } ms
            ? SqliteExtensions.FromUnixMs(ms)
            : null;
    }

    internal void MarkSent(long id, DateTimeOffset now) =>
        Execute("UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_attempt_at = $now, sent_at = $now, last_error = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE id = $id",
            ("$id", id), ("$now", now.ToUnixMs()));

    /// <summary>Records a failed attempt: due again at <paramref name="nextAttempt"/>, or failed for good when it is null.</summary>
    internal void MarkAttemptFailed(long id, string error, DateTimeOffset now, DateTimeOffset? nextAttempt) =>
        Execute(
            """
            UPDATE outbox SET attempts = attempts + 1, last_attempt_at = $now, last_error = $error,
                state = CASE WHEN CAST($next AS BIGINT) IS NULL THEN 'failed' ELSE 'pending' END,
                next_attempt_at = COALESCE(CAST($next AS BIGINT), next_attempt_at), lease_owner = NULL, lease_expires_at = NULL
            WHERE id = $id
            """,
            ("$id", id), ("$now", now.ToUnixMs()), ("$error", error), ("$next", nextAttempt?.ToUnixMs()));

    /// <summary>The destination answered: every pending item of it is due now (its queue drains).</summary>
    internal int MakeDueNow(string destination, DateTimeOffset now) =>
        Execute("UPDATE outbox SET next_attempt_at = $now WHERE destination = $destination AND state = 'pending' AND next_attempt_at > $now",
            ("$destination", destination), ("$now", now.ToUnixMs()));

    internal IReadOnlyList<string> SentPaths()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, "SELECT path FROM outbox WHERE state = 'sent'", r => r.GetString(0));
    }

    internal HashSet<string> AllPaths()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, "SELECT path FROM outbox", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Queues one result. The same SOP Instance UID queued again for a destination (a job run again) replaces a pending or
    /// failed item, but never one already sent: a SOP instance is one object, and the destination has it.
    /// </summary>
    internal static void Insert(DbConnection connection, DbTransaction transaction, OutboxEntry entry, DateTimeOffset now) =>
        connection.Execute(transaction,
            """
            INSERT INTO outbox (destination, job_id, sop_instance_uid, sop_class_uid, path, state, attempts, enqueued_at, next_attempt_at)
            VALUES ($destination, $job, $sop, $class, $path, 'pending', 0, $now, $now)
            ON CONFLICT (destination, sop_instance_uid) DO UPDATE SET
                job_id = excluded.job_id, sop_class_uid = excluded.sop_class_uid, path = excluded.path, state = 'pending', attempts = 0,
                enqueued_at = excluded.enqueued_at, next_attempt_at = excluded.next_attempt_at, last_attempt_at = NULL, sent_at = NULL, last_error = NULL,
                lease_owner = NULL, lease_expires_at = NULL
            WHERE outbox.state <> 'sent'
            """,
            ("$destination", entry.Destination), ("$job", entry.JobId), ("$sop", entry.SopInstanceUid), ("$class", entry.SopClassUid),
            ("$path", entry.Path), ("$now", now.ToUnixMs()));

    internal void RaiseQueued(IEnumerable<string> destinations)
    {
        foreach (var destination in destinations.Distinct(StringComparer.Ordinal))
        {
            ItemsQueued?.Invoke(destination);
        }
    }

    internal static string Name(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sent => "sent",
        _ => "failed",
    };

    private static OutboxState Parse(string state) => state switch
    {
        "pending" => OutboxState.Pending,
        "sent" => OutboxState.Sent,
        _ => OutboxState.Failed,
    };

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = _database.OpenConnection();
        return connection.Execute(null, sql, parameters);
    }

    private static OutboxItem Read(DbDataReader r) => new(
        r.Int64(0), r.GetString(1), r.Int64OrNull(2), r.GetString(3), r.GetString(4), r.GetString(5), Parse(r.GetString(6)), r.Int32(7),
        SqliteExtensions.FromUnixMs(r.Int64(8)), SqliteExtensions.FromUnixMs(r.Int64(9)), r.TimeOrNull(10), r.TimeOrNull(11), r.StringOrNull(12));
}
