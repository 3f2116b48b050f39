using System.Globalization;
using DicomNode.Service.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace DicomNode.Service.Tests.Configuration;

/// <summary>
/// The configuration file is watched alone: edits reload, and the folders below it (the inbox, when the file is the data
/// folder's) get no file-system watch, read from the kernel's own list of this process's inotify watches.
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
        await ReloadedAfter(configuration, () => File.WriteAllText(path, Json("FIRST")));
        Assert.Equal("FIRST", configuration["Node:AeTitle"]);

        await ReloadedAfter(configuration, () =>
        {
            var temporary = Path.Combine(_data, ".appsettings.json.1234.tmp");
            File.WriteAllText(temporary, Json("SECOND"));
            File.Move(temporary, path, overwrite: true);
        });
        Assert.Equal("SECOND", configuration["Node:AeTitle"]);

        await ReloadedAfter(configuration, () =>
        {
            using var stream = new FileStream(path, FileMode.Truncate, FileAccess.Write);
            using var writer = new StreamWriter(stream);
            writer.Write(Json("THIRD"));
        });
        Assert.Equal("THIRD", configuration["Node:AeTitle"]);
    }

    [Fact]
    public void TheFoldersBelowTheConfigurationFile_AreNotWatched()
    {
        var study = Directory.CreateDirectory(Path.Combine(_data, "inbox", "1.2.3", "1.2.3.4")).FullName;
        var path = Path.Combine(_data, "appsettings.json");
        File.WriteAllText(path, Json("NODE"));

        var configuration = new ConfigurationBuilder().AddNodeSources(path, mustExist: false).Build();
        Assert.Equal("NODE", configuration["Node:AeTitle"]);

        var watched = WatchedInodes();
        Assert.Contains(Inode(_data), watched);
        Assert.DoesNotContain(Inode(Path.Combine(_data, "inbox")), watched);
        Assert.DoesNotContain(Inode(study), watched);
    }

    private static string Json(string aeTitle) => $$"""{ "Node": { "AeTitle": "{{aeTitle}}" } }""";

    private static async Task ReloadedAfter(IConfigurationRoot configuration, Action change)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());
        change();
        await reloaded.Task.WaitAsync(HangGuard);
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
