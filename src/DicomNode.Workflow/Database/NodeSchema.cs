namespace DicomNode.Workflow.Database;

/// <summary>
/// The database schema as an ordered list of migrations. A database records the last one applied in
/// schema_version; opening applies the rest, each in its own transaction. Never edit a shipped
/// migration: append a new one. Times are Unix milliseconds (UTC); UIDs are validated before insertion.
/// </summary>
internal static class NodeSchema
{
    public static readonly IReadOnlyList<string[]> Migrations = new[]
    {
        new[]
        {
            """
            CREATE TABLE studies (
                study_uid          TEXT PRIMARY KEY,
                calling_ae         TEXT NOT NULL,
                first_received_at  INTEGER NOT NULL,
                last_received_at   INTEGER NOT NULL,
                -- the highest instances.id a job has been created for; a study with newer instances is waiting for assembly
                assembled_through  INTEGER NOT NULL DEFAULT 0
            )
            """,
            """
            CREATE TABLE series (
                series_uid  TEXT PRIMARY KEY,
                study_uid   TEXT NOT NULL REFERENCES studies(study_uid),
                modality    TEXT
            )
            """,
            "CREATE INDEX series_study ON series(study_uid)",
            """
            CREATE TABLE instances (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                sop_instance_uid  TEXT NOT NULL UNIQUE,
                sop_class_uid     TEXT NOT NULL,
                series_uid        TEXT NOT NULL REFERENCES series(series_uid),
                study_uid         TEXT NOT NULL REFERENCES studies(study_uid),
                path              TEXT NOT NULL,
                calling_ae        TEXT NOT NULL,
                received_at       INTEGER NOT NULL,
                size              INTEGER NOT NULL
            )
            """,
            "CREATE INDEX instances_study ON instances(study_uid)",
            "CREATE INDEX instances_series ON instances(series_uid)",
            """
            CREATE TABLE jobs (
                id             INTEGER PRIMARY KEY AUTOINCREMENT,
                study_uid      TEXT NOT NULL REFERENCES studies(study_uid),
                calling_ae     TEXT NOT NULL,
                state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'superseded')),
                reason         TEXT,
                summary        TEXT,
                -- set when a newer job for the same study exists; a running job with it set ends superseded
                superseded_by  INTEGER REFERENCES jobs(id),
                -- the job analyses the instances of its series with instances.id up to this
                through_instance_id INTEGER NOT NULL,
                runs           INTEGER NOT NULL DEFAULT 0,
                created_at     INTEGER NOT NULL,
                started_at     INTEGER,
                finished_at    INTEGER
            )
            """,
            "CREATE INDEX jobs_state ON jobs(state, id)",
            "CREATE INDEX jobs_study ON jobs(study_uid)",
            """
            CREATE TABLE job_series (
                job_id          INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                series_uid      TEXT NOT NULL REFERENCES series(series_uid),
                instance_count  INTEGER NOT NULL,
                PRIMARY KEY (job_id, series_uid)
            )
            """,
            """
            CREATE TABLE outbox (
                id                INTEGER PRIMARY KEY AUTOINCREMENT,
                destination       TEXT NOT NULL,
                job_id            INTEGER REFERENCES jobs(id),
                sop_instance_uid  TEXT NOT NULL,
                sop_class_uid     TEXT NOT NULL,
                path              TEXT NOT NULL,
                state             TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts          INTEGER NOT NULL DEFAULT 0,
                enqueued_at       INTEGER NOT NULL,
                next_attempt_at   INTEGER NOT NULL,
                last_attempt_at   INTEGER,
                sent_at           INTEGER,
                last_error        TEXT,
                UNIQUE (destination, sop_instance_uid)
            )
            """,
            "CREATE INDEX outbox_due ON outbox(destination, state, next_attempt_at)",
        },
        new[]
        {
            // The Patient ID (0010,0020) of the study's first instance; an instance of the same study with another is refused.
            // Null for studies indexed before this column existed: their next instance sets it.
            "ALTER TABLE studies ADD COLUMN patient_id TEXT",
        },
    };

    public static int LatestVersion => Migrations.Count;
}
