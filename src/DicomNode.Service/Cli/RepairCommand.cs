using System.CommandLine;
using System.Globalization;
using DicomNode.Service.Configuration;
using DicomNode.Service.Hosting;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Storage;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode repair</c>: rebuilds the instance index (node.db) from the inbox files when the database is damaged.
/// The files are the truth: each is read to its last byte and indexed under the UIDs it holds, where the inbox would
/// have put it. The damaged database is kept beside the new one, never deleted.
/// </summary>
internal static class RepairCommand
{
    /// <summary>A progress line every this many files (and for every file left out).</summary>
    private const int ProgressEvery = 200;

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "The configuration file the service reads. " + ConfigLocation.Rule };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The data folder the service was started with (serve --data)." };
        var force = new Option<bool>("--force") { Description = "Rebuild even when node.db passes its check." };
        var command = new Command(
            "repair",
            "Rebuild the index (node.db) from the inbox files when the database is damaged; the node must not be running. "
            + "The damaged database is kept as node.db.damaged-TIME. Jobs and the outbox's history are not rebuilt. Exit 0 when rebuilt or nothing to do.")
        {
            config, data, force,
        };
        command.SetAction((result, token) => CliErrors.RunAsync(async () =>
        {
            var settings = NodeState.LoadSettings(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName);
            var dataDirectory = Path.GetFullPath(settings.Node.DataDirectory);
            var layout = new NodeDataLayout(dataDirectory);
            if (WorkflowSettings.Database(settings).Engine == DatabaseEngine.PostgreSql)
            {
                // A shared PostgreSQL database has no file to damage: its server keeps and repairs it (backups, pg_amcheck).
                Console.Error.WriteLine("error: repair rebuilds a SQLite node.db; this node's Database:Provider is postgresql, which its server keeps (restore a backup there).");
                return CliErrors.BadInput;
            }

            if (!Directory.Exists(layout.Inbox))
            {
                Console.Error.WriteLine($"error: no inbox at {layout.Inbox}; give the --data or --config the node was started with.");
                return CliErrors.BadInput;
            }

            DataFolderLock folderLock;
            try
            {
                folderLock = DataFolderLock.Acquire(dataDirectory);
            }
            catch (DataFolderInUseException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}; stop the node before repairing its index.");
                return CliErrors.BadInput;
            }

            using (folderLock)
            {
                if (File.Exists(layout.DatabasePath) && !result.GetValue(force) && CheckPasses(layout.DatabasePath))
                {
                    Console.WriteLine($"{layout.DatabasePath} passes its check; nothing to repair (--force rebuilds it anyway).");
                    return CliErrors.Ok;
                }

                var aside = MoveAside(layout.DatabasePath);
                if (aside is not null)
                {
                    Console.WriteLine($"repair: the damaged database is kept as {aside}");
                }

                using var database = NodeDatabase.Open(layout.DatabasePath);
                var inbox = new DurableInbox(layout, new InstanceIndex(database), () => WorkflowSettings.Inbox(settings), TimeProvider.System);
                var report = await inbox.RecoverAsync(new ConsoleProgress(), token).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"repair: done; {report.InstancesIndexed} instances indexed from the inbox files, {report.UnreadableFiles} left out (named above), {report.TemporaryFilesDeleted} partial uploads deleted."));
                if (aside is not null)
                {
                    Console.WriteLine($"repair: jobs and the outbox's history are not rebuilt (they stay in {aside}); the node analyses the studies of the inbox again when it starts.");
                }

                return CliErrors.Ok;
            }
        }));
        return command;
    }

    private static bool CheckPasses(string path)
    {
        try
        {
            NodeDatabase.Open(path).Dispose();
            return true;
        }
        catch (NodeDatabaseDamagedException ex)
        {
            Console.WriteLine($"repair: {ex.Message}");
            return false;
        }
    }

    /// <summary>Moves node.db and its WAL and shared-memory files aside under one time stamp; null when there was none.</summary>
    private static string? MoveAside(string databasePath)
    {
        if (!File.Exists(databasePath))
        {
            return null;
        }

        var aside = $"{databasePath}.damaged-{DateTime.UtcNow:yyyyMMddHHmmss}";
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            if (File.Exists(databasePath + suffix))
            {
                File.Move(databasePath + suffix, aside + suffix);
            }
        }

        return aside;
    }

    /// <summary>Prints as each file is examined, in order (Progress&lt;T&gt; would post the reports to the thread pool).</summary>
    private sealed class ConsoleProgress : IProgress<InboxRecoveryProgress>
    {
        public void Report(InboxRecoveryProgress value)
        {
            if (value.LeftOutPath is { } path)
            {
                Console.WriteLine($"repair: left out {path}: {value.LeftOutReason}");
            }

            if (value.Examined % ProgressEvery == 0 || value.Examined == value.Total)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repair: {value.Examined} of {value.Total} files examined, {value.Indexed} indexed"));
            }
        }
    }
}
