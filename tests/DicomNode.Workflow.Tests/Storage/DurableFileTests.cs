using DicomNode.Workflow.Database;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Tests.Storage;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-durable-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task WriteAllBytes_CreatesMissingFolders_AndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "a", "b", "file.bin");

        await DurableFile.WriteAllBytesAsync(path, new byte[] { 1, 2, 3 });
        await DurableFile.WriteAllBytesAsync(path, new byte[] { 4 });

        Assert.Equal(new byte[] { 4 }, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task LinkOrCopy_OnLinux_LinksTheFile_AndAReplacedOrDeletedSourceLeavesItAsItWas()
    {
        var source = Path.Combine(_folder, "job", "seg.dcm");
        var target = Path.Combine(_folder, "outbox", "PACS", "seg.dcm");
        await DurableFile.WriteAllBytesAsync(source, new byte[] { 1, 2, 3 });

        await DurableFile.LinkOrCopyAsync(source, target);

        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(target));
        Assert.Equal(OperatingSystem.IsLinux(), Inode(source) == Inode(target));

        // The job folder's file written again (a new file renamed over the name), then deleted: the outbox keeps its bytes.
        await DurableFile.WriteAllBytesAsync(source, new byte[] { 9 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(target));
        File.Delete(source);
        Assert.Equal(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(target));
    }

    [Fact]
    public async Task LinkOrCopy_OntoAnExistingName_ReplacesIt()
    {
        var source = Path.Combine(_folder, "new.dcm");
        var target = Path.Combine(_folder, "outbox", "old.dcm");
        await DurableFile.WriteAllBytesAsync(source, new byte[] { 7, 7 });
        await DurableFile.WriteAllBytesAsync(target, new byte[] { 1 });

        await DurableFile.LinkOrCopyAsync(source, target);

        Assert.Equal(new byte[] { 7, 7 }, await File.ReadAllBytesAsync(target));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
    }

    /// <summary>The file's inode number (stat); null where there is none to read.</summary>
    private static string? Inode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        string inode = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return inode;
    }

    [Fact]
    public void MoveIntoPlace_KeepsAnExistingFile()
    {
        var (first, second, target) = (Path.Combine(_folder, "1"), Path.Combine(_folder, "2"), Path.Combine(_folder, "x", "t"));
        File.WriteAllText(first, "first");
        File.WriteAllText(second, "second");

        Assert.True(DurableFile.MoveIntoPlace(first, target));
        Assert.False(DurableFile.MoveIntoPlace(second, target));

        Assert.Equal("first", File.ReadAllText(target));
        Assert.True(File.Exists(second));
    }

    [Fact]
    public void FreeSpace_DefaultProbe_ReadsTheFileSystemOfAnyFolder()
    {
        Assert.True(FreeSpaceGuard.AvailableBytes(_folder) > 0);
        Assert.False(new FreeSpaceGuard(() => long.MaxValue).HasRoom(_folder, out _));
        Assert.True(new FreeSpaceGuard(() => 0).HasRoom(_folder, out _));
    }

    [Fact]
    public void Layout_RefusesNamesThatAreNotUids()
    {
        var layout = new NodeDataLayout(_folder);
        Assert.Throws<ArgumentException>(() => layout.InstancePath("1.2", "../..", "1.3"));
        Assert.Throws<ArgumentException>(() => layout.OutboxPath("..", 1, "1.2.3"));
        Assert.StartsWith(layout.Inbox, layout.InstancePath("1.2", "1.2.3", "1.2.3.4"), StringComparison.Ordinal);
    }

    [Fact]
    public void Database_OpensInWalMode_AtTheLatestSchema_AndReopens()
    {
        var path = Path.Combine(_folder, "node.db");
        using (var database = NodeDatabase.Open(path))
        {
            Assert.Equal(NodeSchema.LatestVersion, database.SchemaVersion);
            using var connection = database.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", command.ExecuteScalar());
        }

        using var again = NodeDatabase.Open(path);
        Assert.Equal(NodeSchema.LatestVersion, again.SchemaVersion);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
