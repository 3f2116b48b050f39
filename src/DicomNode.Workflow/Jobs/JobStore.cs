using System.Data.Common;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Outbox;

namespace DicomNode.Workflow.Jobs;

/// <summary>
/// The jobs and job_series tables, and the state changes of a job, each in one short transaction.
/// Supersession rule: when a new job is created for a study, every queued job of that study is marked
/// superseded at once; a running one gets superseded_by set and, when it finishes (successfully or not),
/// ends superseded and its outputs are not queued for sending. Succeeded and failed jobs stay as they are.
/// </summary>
public sealed class JobStore
{
    private const string Columns = "id, study_uid, calling_ae, state, reason, summary, superseded_by, through_instance_id, runs, created_at, started_at, finished_at";
    private readonly NodeDatabase _database;

    public JobStore(NodeDatabase database) => _database = database;

    /// <summary>How long this node's claim on a running job lasts unless renewed (<see cref="RenewLease"/>).</summary>
    internal TimeSpan Lease => _database.Lease;

    /// <summary>Whether other nodes share the queue: jobs they queue ring no bell here, so the runner also looks on its own.</summary>
    internal bool Shared => _database.Shared;

    /// <summary>Raised (with the job id) after a job is queued: created or retried. The runner listens.</summary>
    public event Action<long>? JobQueued;

    /// <summary>Jobs, newest first, optionally in one state.</summary>
    public IReadOnlyList<JobRecord> List(JobState? state = null, int limit = 100)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, $"SELECT {Columns} FROM jobs WHERE (CAST($state AS TEXT) IS NULL OR state = $state) ORDER BY id DESC LIMIT $limit",
            Read, ("$state", state is null ? null : Name(state.Value)), ("$limit", limit));
    }

    /// <summary>A job with its series, or null.</summary>
    public JobDetails? Get(long id)
    {
        using var connection = _database.OpenConnection();
        var job = connection.Query(null, $"SELECT {Columns} FROM jobs WHERE id = $id", Read, ("$id", id)).FirstOrDefault();
        if (job is null)
        {
            return null;
        }

        var series = connection.Query(null,
            "SELECT js.series_uid, s.modality, js.instance_count FROM job_series js JOIN series s ON s.series_uid = js.series_uid WHERE js.job_id = $id ORDER BY js.series_uid",
            r => new JobSeries(r.GetString(0), r.StringOrNull(1), r.Int32(2)), ("$id", id));
        return new JobDetails(job, series);
    }

    /// <summary>Number of jobs in each state (every state present, zero included).</summary>
    public IReadOnlyDictionary<JobState, long> CountByState()
    {
        using var connection = _database.OpenConnection();
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0L);
        foreach (var (state, count) in connection.Query(null, "SELECT state, COUNT(*) FROM jobs GROUP BY state", r => (Parse(r.GetString(0)), r.Int64(1))))
        {
            counts[state] = count;
        }

        return counts;
    }

    /// <summary>
    /// Queues a failed job again. Refused when the job is not failed, or when a newer job for its study
    /// exists (that one carries the newer data).
    /// </summary>
    public JobRetryResult Retry(long id)
    {
        var result = _database.InTransaction((connection, transaction) =>
        {
            var job = connection.Query(transaction, $"SELECT {Columns} FROM jobs WHERE id = $id", Read, ("$id", id)).FirstOrDefault();
            if (job is null)
            {
                return new JobRetryResult(false, $"There is no job {id}.");
            }

            if (job.State != JobState.Failed)
            {
                return new JobRetryResult(false, $"Job {id} is {Name(job.State)}; only a failed job can be retried.");
            }

            var newer = connection.Scalar(transaction, "SELECT MAX(id) FROM jobs WHERE study_uid = $study AND id > $id", ("$study", job.StudyInstanceUid), ("$id", id));
            if (newer is long newerId)
            {
                return new JobRetryResult(false, $"Job {id} was replaced by job {newerId} for the same study; retry that one instead.");
            }

            if (connection.Scalar(transaction, "SELECT 1 FROM instances WHERE study_uid = $study AND id <= $through LIMIT 1",
                    ("$study", job.StudyInstanceUid), ("$through", job.ThroughInstanceId)) is null)
            {
                return new JobRetryResult(false, $"The instances job {id} analysed are no longer in the inbox (removed by retention, see Retention:InboxDays); send the study again to analyse it.");
            }

            connection.Execute(transaction, "UPDATE jobs SET state = 'queued', reason = NULL, started_at = NULL, finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE id = $id", ("$id", id));
            return new JobRetryResult(true, $"Job {id} is queued again.");
        });
        if (result.Queued)
        {
            JobQueued?.Invoke(id);
        }

        return result;
    }

    /// <summary>
    /// Creates a queued job for the study's series covering every instance indexed so far, and supersedes
    /// older jobs of the study (see the class summary). Returns null when no instance is newer than the last job.
    /// </summary>
    internal JobRecord? CreateForStudy(string studyInstanceUid, DateTimeOffset now) => CreateForStudy(studyInstanceUid, now, TimeSpan.Zero, out _);

    /// <summary>
    /// As <see cref="CreateForStudy(string, DateTimeOffset)"/>, but only once the study has been quiet for
    /// <paramref name="quietPeriod"/> by the index: its last instance may have arrived at another node sharing the
    /// database after this node's own last one. When it has not, no job is created and <paramref name="quietUntil"/>
    /// says when it will have been (the last instance's time, as the receiving node's clock gave it, plus the period).
    /// </summary>
    internal JobRecord? CreateForStudy(string studyInstanceUid, DateTimeOffset now, TimeSpan quietPeriod, out DateTimeOffset? quietUntil)
    {
        DateTimeOffset? notQuiet = null;
        var job = _database.InTransaction((connection, transaction) =>
        {
            // Nodes sharing a database each time the quiet period of a study they received: the first to get here creates the
            // job, the others then find no instance newer than assembled_through. The instances arrive under the same lock.
            _database.LockStudy(connection, transaction, studyInstanceUid);
            var study = connection.Query(transaction,
                "SELECT calling_ae, assembled_through, (SELECT MAX(id) FROM instances WHERE study_uid = $study), last_received_at FROM studies WHERE study_uid = $study",
                r => (CallingAe: r.GetString(0), AssembledThrough: r.Int64(1), Latest: r.Int64OrNull(2), LastReceived: r.Time(3)), ("$study", studyInstanceUid)).FirstOrDefault();
            if (study.CallingAe is null || study.Latest is not { } latest || latest <= study.AssembledThrough)
            {
                return null;
            }

            if (study.LastReceived + quietPeriod > now)
            {
                notQuiet = study.LastReceived + quietPeriod;
                return null;
            }

            var id = (long)connection.Scalar(transaction,
                "INSERT INTO jobs (study_uid, calling_ae, state, through_instance_id, created_at) VALUES ($study, $ae, 'queued', $through, $now) RETURNING id",
                ("$study", studyInstanceUid), ("$ae", study.CallingAe), ("$through", latest), ("$now", now.ToUnixMs()))!;
            connection.Execute(transaction,
                """
                INSERT INTO job_series (job_id, series_uid, instance_count)
                SELECT $job, series_uid, COUNT(*) FROM instances WHERE study_uid = $study AND id <= $through GROUP BY series_uid
                """,
                ("$job", id), ("$study", studyInstanceUid), ("$through", latest));
            connection.Execute(transaction,
                "UPDATE jobs SET state = 'superseded', superseded_by = $job, reason = $reason, finished_at = $now WHERE study_uid = $study AND state = 'queued' AND id <> $job",
                ("$job", id), ("$study", studyInstanceUid), ("$reason", $"superseded by job {id} (more instances arrived)"), ("$now", now.ToUnixMs()));
            connection.Execute(transaction,
                "UPDATE jobs SET superseded_by = $job WHERE study_uid = $study AND state = 'running'",
                ("$job", id), ("$study", studyInstanceUid));
            connection.Execute(transaction, "UPDATE studies SET assembled_through = $through WHERE study_uid = $study",
                ("$through", latest), ("$study", studyInstanceUid));
            return connection.Query(transaction, $"SELECT {Columns} FROM jobs WHERE id = $id", Read, ("$id", id)).Single();
        });
        quietUntil = notQuiet;
        if (job is not null)
        {
            JobQueued?.Invoke(job.Id);
        }

        return job;
    }

    /// <summary>
    /// Jobs this node was running when it stopped are queued again; returns how many. On SQLite that is every running
    /// job (one node); on a shared database only those this node's <see cref="NodeDatabase.ClaimOwner"/> claimed — another
    /// node's running jobs are its own, and if it died they are taken over when their lease expires (<see cref="TryStartNext"/>).
    /// </summary>
    internal int RequeueInterrupted()
    {
        using var connection = _database.OpenConnection();
        return connection.Execute(null,
            "UPDATE jobs SET state = 'queued', started_at = NULL, lease_owner = NULL, lease_expires_at = NULL WHERE state = 'running' AND ($shared = 0 OR lease_owner = $owner)",
            ("$shared", _database.Shared ? 1 : 0), ("$owner", _database.ClaimOwner));
    }

    /// <summary>
    /// Claims the oldest job that is queued, or running under a lease that has expired (its node died), for this node
    /// until <paramref name="now"/> plus the lease; returns it running, or null when there is none. The claim is one
    /// statement: on PostgreSQL the candidate row is locked with FOR UPDATE SKIP LOCKED, so nodes claiming at the same
    /// moment take different jobs instead of waiting for each other.
    /// </summary>
    internal JobRecord? TryStartNext(DateTimeOffset now)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null,
            $"""
            UPDATE jobs SET state = 'running', started_at = $now, runs = runs + 1, lease_owner = $owner, lease_expires_at = $until
            WHERE id = (SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_expires_at < $now) ORDER BY id LIMIT 1{_database.SkipLocked})
            RETURNING {Columns}
            """,
            Read, ("$now", now.ToUnixMs()), ("$owner", _database.ClaimOwner), ("$until", (now + _database.Lease).ToUnixMs())).FirstOrDefault();
    }

    /// <summary>
    /// Extends this node's claim on a running job to <paramref name="now"/> plus the lease. False when the claim is lost:
    /// the job is no longer running under this node (its lease expired and another node took it, or it was ended).
    /// </summary>
    internal bool RenewLease(long id, DateTimeOffset now)
    {
        using var connection = _database.OpenConnection();
        return connection.Execute(null,
            "UPDATE jobs SET lease_expires_at = $until WHERE id = $id AND state = 'running' AND lease_owner = $owner",
            ("$id", id), ("$owner", _database.ClaimOwner), ("$until", (now + _database.Lease).ToUnixMs())) == 1;
    }

    /// <summary>
    /// Whether this node may write the outcome of job <paramref name="id"/>: not when another node holds its claim, nor when
    /// it has already ended (this node lost the claim and the node that took it over finished it). The row is locked on
    /// PostgreSQL until the outcome is written.
    /// </summary>
    private bool Holds(DbConnection connection, DbTransaction transaction, long id) =>
        connection.Query(transaction, $"SELECT state, lease_owner FROM jobs WHERE id = $id{(_database.Shared ? " FOR UPDATE" : string.Empty)}",
                r => (State: r.GetString(0), Owner: r.StringOrNull(1)), ("$id", id))
            .FirstOrDefault() is { State: not null } job
        && job.State is "queued" or "running"
        && (job.State == "queued" || job.Owner is null || job.Owner == _database.ClaimOwner);

    /// <summary>
    /// Ends a running job with its results queued for sending in the same transaction: succeeded, or failed with
    /// <paramref name="failure"/> when the pipeline produced only a report of why it could not analyse (the report is
    /// still sent); superseded when a newer job exists. Returns <see cref="JobState.Running"/> and changes nothing when this
    /// node no longer holds the job's claim (another node took it over after the lease expired: its run decides).
    /// </summary>
    internal JobState Succeed(long id, string summary, IReadOnlyList<OutboxEntry> results, DateTimeOffset now, string? failure = null) =>
        _database.InTransaction((connection, transaction) =>
        {
            if (!Holds(connection, transaction, id))
            {
                return JobState.Running;
            }

            if (SupersededBy(connection, transaction, id) is { } newer)
            {
                connection.Execute(transaction, "UPDATE jobs SET state = 'superseded', summary = $summary, reason = $reason, finished_at = $now, lease_owner = NULL, lease_expires_at = NULL WHERE id = $id",
                    ("$id", id), ("$summary", summary), ("$reason", $"superseded by job {newer} (more instances arrived); results not sent"), ("$now", now.ToUnixMs()));
                return JobState.Superseded;
            }

            foreach (var entry in results)
            {
                OutboxStore.Insert(connection, transaction, entry, now);
            }

            var state = failure is null ? JobState.Succeeded : JobState.Failed;
            connection.Execute(transaction, "UPDATE jobs SET state = $state, summary = $summary, reason = $reason, finished_at = $now, lease_owner = NULL, lease_expires_at = NULL WHERE id = $id",
                ("$id", id), ("$state", Name(state)), ("$summary", summary), ("$reason", failure), ("$now", now.ToUnixMs()));
            return state;
        });

    /// <summary>
    /// Ends a running job as failed with <paramref name="reason"/>, or superseded when a newer job exists; like
    /// <see cref="Succeed"/>, <see cref="JobState.Running"/> and nothing changed when this node no longer holds its claim.
    /// </summary>
    internal JobState Fail(long id, string reason, DateTimeOffset now) =>
        _database.InTransaction((connection, transaction) =>
        {
            if (!Holds(connection, transaction, id))
            {
                return JobState.Running;
            }

            var state = SupersededBy(connection, transaction, id) is null ? JobState.Failed : JobState.Superseded;
            connection.Execute(transaction, "UPDATE jobs SET state = $state, reason = $reason, finished_at = $now, lease_owner = NULL, lease_expires_at = NULL WHERE id = $id",
                ("$id", id), ("$state", Name(state)), ("$reason", reason), ("$now", now.ToUnixMs()));
            return state;
        });

    internal static string Name(JobState state) => state.ToString().ToLowerInvariant();

    private static JobState Parse(string state) => Enum.Parse<JobState>(state, ignoreCase: true);

    private static long? SupersededBy(DbConnection connection, DbTransaction transaction, long id) =>
        connection.Scalar(transaction, "SELECT superseded_by FROM jobs WHERE id = $id", ("$id", id)) as long?;

    private static JobRecord Read(DbDataReader r) => new(
        r.Int64(0), r.GetString(1), r.GetString(2), Parse(r.GetString(3)), r.StringOrNull(4), r.StringOrNull(5), r.Int64OrNull(6),
        r.Int64(7), r.Int32(8), SqliteExtensions.FromUnixMs(r.Int64(9)), r.TimeOrNull(10), r.TimeOrNull(11));
}
