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
