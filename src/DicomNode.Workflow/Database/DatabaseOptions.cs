namespace DicomNode.Workflow.Database;

/// <summary>
/// Where the node keeps its index, jobs and outbox (configuration section "Database"). The default is SQLite in
/// node.db of the data folder: embedded, one node. PostgreSQL lets several nodes share one queue (issue 24); they
/// must then also share the data folder (inbox and results), see docs/scale-out.md.
/// </summary>
public sealed record DatabaseOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgresql</c>.</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>
    /// For <c>postgresql</c>, an Npgsql connection string (e.g. <c>Host=db;Database=dicomnode;Username=dicomnode</c>); the
    /// password is best given by a password file (<c>Passfile=</c> or ~/.pgpass), not here. Must be empty for <c>sqlite</c>,
    /// whose database is always node.db in the data folder.
    /// </summary>
    public string? ConnectionString { get; init; }

    /// <summary>
    /// How long a claim on a job or an outbox item lasts unless its node renews it (a running job's node renews it every
    /// third of this). A node that dies holds its work this long at most; then another node takes it. Default 2 minutes.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The engine <see cref="Provider"/> names; call <see cref="Validate"/> first.</summary>
    public DatabaseEngine Engine => Provider.Trim().ToLowerInvariant() switch
    {
        "postgresql" or "postgres" => DatabaseEngine.PostgreSql,
        _ => DatabaseEngine.Sqlite,
    };

    public IReadOnlyList<string> Validate(string section = "Database")
    {
        var errors = new List<string>();
        var provider = Provider?.Trim().ToLowerInvariant();
        if (provider is not ("sqlite" or "postgresql" or "postgres"))
        {
            errors.Add($"{section}:Provider is '{Provider}'; set sqlite (one node, node.db in the data folder) or postgresql (several nodes sharing one server).");
            return errors;
        }

        if (Engine == DatabaseEngine.Sqlite && !string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add($"{section}:ConnectionString is set but {section}:Provider is sqlite, whose database is always node.db in the data folder; remove it, or set {section}:Provider to postgresql.");
        }

        if (Engine == DatabaseEngine.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(ConnectionString))
            {
                errors.Add($"{section}:ConnectionString is empty; {section}:Provider postgresql needs one such as Host=db.example.org;Database=dicomnode;Username=dicomnode.");
            }
            else
            {
                try
                {
                    _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
                }
                catch (ArgumentException ex)
                {
                    errors.Add($"{section}:ConnectionString is not a valid PostgreSQL connection string: {ex.Message}");
                }
            }
        }

        if (Lease < TimeSpan.FromSeconds(5))
        {
            errors.Add($"{section}:Lease is {Lease}; set at least 00:00:05 (a claim must outlast the renewals of a busy node), e.g. 00:02:00.");
        }

        return errors;
    }
}
