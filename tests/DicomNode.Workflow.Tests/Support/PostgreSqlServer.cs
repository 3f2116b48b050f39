using System.Diagnostics;
using Npgsql;

namespace DicomNode.Workflow.Tests.Support;

/// <summary>
/// A throw-away PostgreSQL cluster for the store tests: initdb in a temporary folder, the server listening only on a Unix
/// socket in that folder (no port, nothing outside the machine), started at the first test that asks and stopped when
/// the test process exits. Each <see cref="TestNode"/> gets a database of its own (<see cref="CreateDatabase"/>), dropped
/// when it is disposed. Run as root (CI), the cluster belongs to the postgres user, as initdb requires.
/// </summary>
internal sealed class PostgreSqlServer
{
    private const string User = "dicomnode";
    private static readonly Lazy<PostgreSqlServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _folder;
    private readonly string _bin;

    private PostgreSqlServer(string folder, string bin)
    {
        _folder = folder;
        _bin = bin;
    }

    /// <summary>Why no server can be started here (its programs are not installed), or null when they are.</summary>
    public static string? Missing => Bin() is null
        ? "PostgreSQL's server programs are not installed (no /usr/lib/postgresql/*/bin/initdb, DICOMNODE_PG_BIN unset): apt-get install postgresql"
        : null;

    /// <summary>The server, started on first use.</summary>
    public static PostgreSqlServer Shared => Instance.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "node_" + Guid.NewGuid().ToString("N");
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        admin.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }

    private string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = _folder, Username = User, Database = database, Pooling = true, Timeout = 30 }.ToString();

    private static string? Bin()
    {
        if (Environment.GetEnvironmentVariable("DICOMNODE_PG_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        const string Root = "/usr/lib/postgresql";
        return Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root)
                .Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
    }

    private static PostgreSqlServer Start()
    {
        var bin = Bin() ?? throw new InvalidOperationException(Missing);
        RemoveStoppedClusters();
        var folder = Directory.CreateTempSubdirectory("dicomnode-pg-").FullName;
        var server = new PostgreSqlServer(folder, bin);
        if (Environment.UserName == "root")
        {
            Run("chown", "-R", "postgres:postgres", folder);
        }

        var data = Path.Combine(folder, "data");
        server.Pg("initdb", "-D", data, "-A", "trust", "-U", User, "-E", "UTF8", "--no-sync");
        // fsync off: a test cluster is thrown away; durability is PostgreSQL's own, not what these tests check.
        server.Pg("pg_ctl", "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", $"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=300", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    /// <summary>
    /// Clusters of earlier test runs whose server is stopped (no postmaster.pid) but whose folder is left: a test host may
    /// end before its exit handler has deleted it. A running one (another test process) stays.
    /// </summary>
    private static void RemoveStoppedClusters()
    {
        foreach (var old in Directory.EnumerateDirectories(Path.GetTempPath(), "dicomnode-pg-*"))
        {
            // A folder touched in the last ten minutes may be another test process's cluster still being set up.
            if (File.Exists(Path.Combine(old, "data", "postmaster.pid")) || Directory.GetLastWriteTimeUtc(old) > DateTime.UtcNow.AddMinutes(-10))
            {
                continue;
            }

            try
            {
                Directory.Delete(old, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another run's, being set up or removed right now; it is that run's to delete.
            }
        }
    }

    private void Stop()
    {
        try
        {
            Pg("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private void Pg(string program, params string[] arguments)
    {
        var path = Path.Combine(_bin, program);
        if (Environment.UserName == "root")
        {
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        }
        else
        {
            Run(path, arguments);
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}{output.Result}");
        }
    }
}
