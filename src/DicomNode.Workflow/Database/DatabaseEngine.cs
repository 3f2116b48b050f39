namespace DicomNode.Workflow.Database;

/// <summary>The database engines the node's store runs on.</summary>
public enum DatabaseEngine
{
    /// <summary>SQLite, embedded: node.db in the data folder, one node.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server several nodes share (jobs and deliveries claimed with FOR UPDATE SKIP LOCKED).</summary>
    PostgreSql,
}
