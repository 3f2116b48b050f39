namespace DicomNode.Workflow.Database;

/// <summary>
/// The database schema as an ordered list of migrations, one schema in two dialects, each written once: where the
/// engines differ a statement names the type, <c>{Identity}</c> (SQLite's INTEGER PRIMARY KEY AUTOINCREMENT, a bigint
/// identity column in PostgreSQL) or <c>{Integer}</c> (INTEGER, a bigint in PostgreSQL since times are milliseconds). A database
/// records the last one applied in schema_version; opening applies the rest. Never edit a shipped migration: append a
/// new one. Times are Unix milliseconds (UTC); UIDs are validated before insertion.
/// </summary>
internal static class NodeSchema
{
    public static readonly IReadOnlyList<Migration> Migrations = new[]
    {
        Migration.Typed(new[]
        {
            """
            CREATE TABLE studies (
                study_uid          TEXT PRIMARY KEY,
                calling_ae         TEXT NOT NULL,
                first_received_at  {Integer} NOT NULL,
                last_received_at   {Integer} NOT NULL,
                -- the highest instances.id a job has been created for; a study with newer instances is waiting for assembly
                assembled_through  {Integer} NOT NULL DEFAULT 0
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
                id                {Identity},
                sop_instance_uid  TEXT NOT NULL UNIQUE,
                sop_class_uid     TEXT NOT NULL,
                series_uid        TEXT NOT NULL REFERENCES series(series_uid),
                study_uid         TEXT NOT NULL REFERENCES studies(study_uid),
                path              TEXT NOT NULL,
                calling_ae        TEXT NOT NULL,
                received_at       {Integer} NOT NULL,
                size              {Integer} NOT NULL
            )
            """,
            "CREATE INDEX instances_study ON instances(study_uid)",
            "CREATE INDEX instances_series ON instances(series_uid)",
            """
            CREATE TABLE jobs (
                id             {Identity},
                study_uid      TEXT NOT NULL REFERENCES studies(study_uid),
                calling_ae     TEXT NOT NULL,
                state          TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'superseded')),
                reason         TEXT,
                summary        TEXT,
                -- set when a newer job for the same study exists; a running job with it set ends superseded
                superseded_by  {Integer} REFERENCES jobs(id),
                -- the job analyses the instances of its series with instances.id up to this
                through_instance_id {Integer} NOT NULL,
                runs           {Integer} NOT NULL DEFAULT 0,
                created_at     {Integer} NOT NULL,
                started_at     {Integer},
                finished_at    {Integer}
            )
            """,
            "CREATE INDEX jobs_state ON jobs(state, id)",
            "CREATE INDEX jobs_study ON jobs(study_uid)",
            """
            CREATE TABLE job_series (
                job_id          {Integer} NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                series_uid      TEXT NOT NULL REFERENCES series(series_uid),
                instance_count  {Integer} NOT NULL,
                PRIMARY KEY (job_id, series_uid)
            )
            """,
            """
            CREATE TABLE outbox (
                id                {Identity},
                destination       TEXT NOT NULL,
                job_id            {Integer} REFERENCES jobs(id),
                sop_instance_uid  TEXT NOT NULL,
                sop_class_uid     TEXT NOT NULL,
                path              TEXT NOT NULL,
                state             TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
                attempts          {Integer} NOT NULL DEFAULT 0,
                enqueued_at       {Integer} NOT NULL,
                next_attempt_at   {Integer} NOT NULL,
                last_attempt_at   {Integer},
                sent_at           {Integer},
                last_error        TEXT,
                UNIQUE (destination, sop_instance_uid)
            )
            """,
            "CREATE INDEX outbox_due ON outbox(destination, state, next_attempt_at)",
        }),
        Migration.Same(new[]
        {
            // The Patient ID (0010,0020) of the study's first instance; an instance of the same study with another is refused.
            // Null for studies indexed before this column existed: their next instance sets it.
            "ALTER TABLE studies ADD COLUMN patient_id TEXT",
        }),
        Migration.Same(new[]
        {
            // Claims (issue 24): a running job and an outbox item being sent belong to one node until its lease expires;
            // the node renews a running job's lease while it runs. Another node takes work whose lease has expired.
            "ALTER TABLE jobs ADD COLUMN lease_owner TEXT",
            "ALTER TABLE jobs ADD COLUMN lease_expires_at BIGINT",
            "ALTER TABLE outbox ADD COLUMN lease_owner TEXT",
            "ALTER TABLE outbox ADD COLUMN lease_expires_at BIGINT",
        }),
    };

    public static int LatestVersion => Migrations.Count;

    /// <summary>One migration: its statements for each engine.</summary>
    internal sealed record Migration(string[] Sqlite, string[] PostgreSql)
    {
        public static Migration Same(string[] statements) => new(statements, statements);

        /// <summary>Statements naming <c>{Identity}</c> and <c>{Integer}</c>, given each engine's types.</summary>
        public static Migration Typed(string[] statements) => new(
            statements.Select(s => s.Replace("{Identity}", "INTEGER PRIMARY KEY AUTOINCREMENT", StringComparison.Ordinal).Replace("{Integer}", "INTEGER", StringComparison.Ordinal)).ToArray(),
            statements.Select(s => s.Replace("{Identity}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", StringComparison.Ordinal).Replace("{Integer}", "BIGINT", StringComparison.Ordinal)).ToArray());

        public string[] For(DatabaseEngine engine) => engine == DatabaseEngine.PostgreSql ? PostgreSql : Sqlite;
    }
}
