using System.Globalization;
using DicomNode.Service.Configuration;
using DicomNode.Workflow.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Tests.Configuration;

/// <summary>
/// The configuration file is looked at alone, by polling: edits reload, writes beside it (the index's log) fire nothing,
/// and its folder and the folders below it (the inbox, when the file is the data folder's) get no file-system watch, read
/// from the kernel's own list of this process's inotify watches.
/// </summary>
public sealed class ConfigFileProviderTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly string _data = Directory.CreateTempSubdirectory("dicomnode-config-watch-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task AnAtomicSave_AnEditInPlace_AndAFileCreatedLater_AreEachReloaded()
    {
        var path = Path.Combine(_data, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddNodeSources(path, mustExist: false).Build();
        Assert.Null(configuration["Node:AeTitle"]);

        // Created after start (optional file), saved atomically as ConfigFile.Save does, then written in place as an editor may.
        await ReloadsTo(configuration, "FIRST", () => File.WriteAllText(path, Json("FIRST")));

        await ReloadsTo(configuration, "SECOND", () =>
        {
            var temporary = Path.Combine(_data, ".appsettings.json.1234.tmp");
            File.WriteAllText(temporary, Json("SECOND"));
            File.Move(temporary, path, overwrite: true);
        });

        await ReloadsTo(configuration, "THIRD", () =>
        {
            using var stream = new FileStream(path, FileMode.Truncate, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(Json("THIRD"));
        });
    }

    [Fact]
    public void TheDataFolder_HasNoFileSystemWatch_EvenWithTheConfigurationLoadedForReload()
    {
        var study = Directory.CreateDirectory(Path.Combine(_data, "inbox", "1.2.3", "1.2.3.4")).FullName;
        var path = Path.Combine(_data, "appsettings.json");
        File.WriteAllText(path, Json("NODE"));

        var configuration = new ConfigurationBuilder().AddNodeSources(path, mustExist: false).Build();
        Assert.Equal("NODE", configuration["Node:AeTitle"]);

        var watched = WatchedInodes();
        Assert.DoesNotContain(Inode(_data), watched);
        Assert.DoesNotContain(Inode(Path.Combine(_data, "inbox")), watched);
        Assert.DoesNotContain(Inode(study), watched);
    }

    [Fact]
    public void WritesBesideTheFile_AsTheIndexLogMakes_FireNothing_AndAnEditFiresOnTheNextPoll()
    {
        var time = new FakeTimeProvider();
        var path = Path.Combine(_data, "appsettings.json");
        File.WriteAllText(path, Json("NODE"));
        using var provider = new ConfigFileProvider(path, time);
        var token = provider.Watch("appsettings.json");
        Assert.False(provider.Watch("node.db-wal").ActiveChangeCallbacks, "only the configuration file is looked at");

        // The index's write-ahead log and a received instance's temporary file, written beside and below it.
        using (var log = new FileStream(Path.Combine(_data, "node.db-wal"), FileMode.Create))
        {
            for (var i = 0; i < 12; i++)
            {
                log.Write(new byte[4096]);
                log.Flush();
                time.Advance(ConfigFileProvider.PollInterval);
            }
        }

        Directory.CreateDirectory(Path.Combine(_data, "tmp"));
        File.WriteAllBytes(Path.Combine(_data, "tmp", "1.part"), new byte[133 * 1024]);
        time.Advance(ConfigFileProvider.PollInterval * 5);
        Assert.False(token.HasChanged);

        File.WriteAllText(path, Json("EDITED"));
        Assert.False(token.HasChanged);
        time.Advance(ConfigFileProvider.PollInterval);
        Assert.True(token.HasChanged);

        // A new token for the next change; deleting the file is one.
        var next = provider.Watch("appsettings.json");
        time.Advance(ConfigFileProvider.PollInterval * 3);
        Assert.False(next.HasChanged);
        File.Delete(path);
        time.Advance(ConfigFileProvider.PollInterval);
        Assert.True(next.HasChanged);
    }

    private static string Json(string aeTitle) => $$"""{ "Node": { "AeTitle": "{{aeTitle}}" } }""";

    /// <summary>
    /// Makes <paramref name="change"/> and waits for reloads until the AE title reads <paramref name="expected"/>: an edit in
    /// place may be seen first when the file is emptied, and the provider then reloads again when it is written.
    /// </summary>
    private static async Task ReloadsTo(IConfigurationRoot configuration, string expected, Action change)
    {
        var reloaded = NextReload(configuration);
        change();
        while (true)
        {
            await reloaded.WaitAsync(HangGuard);
            // The next reload is awaited from before the value is read, so one between the two is not missed.
            reloaded = NextReload(configuration);
            if (configuration["Node:AeTitle"] == expected)
            {
                return;
            }
        }
    }

    private static Task NextReload(IConfigurationRoot configuration)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        configuration.GetReloadToken().RegisterChangeCallback(_ => reloaded.TrySetResult(), null);
        return reloaded.Task;
    }

    /// <summary>The inode numbers of every directory this process has an inotify watch on (proc(5), /proc/PID/fdinfo).</summary>
    private static HashSet<ulong> WatchedInodes()
    {
        var inodes = new HashSet<ulong>();
        foreach (var info in Directory.EnumerateFiles("/proc/self/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(info);
            }
            catch (IOException)
            {
                continue; // a descriptor closed meanwhile
            }

            foreach (var line in lines.Where(l => l.StartsWith("inotify wd:", StringComparison.Ordinal)))
            {
                var field = line.Split(' ').First(f => f.StartsWith("ino:", StringComparison.Ordinal));
                inodes.Add(ulong.Parse(field["ino:".Length..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return inodes;
    }

    /// <summary>A directory's inode number, from coreutils' stat.</summary>
    private static ulong Inode(string directory)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", directory]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return ulong.Parse(output, CultureInfo.InvariantCulture);
    }
}
