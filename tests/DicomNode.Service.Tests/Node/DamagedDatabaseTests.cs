using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Service.Tests.Cli;
using DicomNode.Workflow.Database;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Storage;
using Microsoft.Data.Sqlite;

namespace DicomNode.Service.Tests.Node;

/// <summary>Issue 22, point 7: a damaged node.db stops the node before it answers anything; repair rebuilds the index from the inbox files.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DamagedDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-damaged-").FullName;
    private readonly DicomUidGenerator _uids = new();

    private string Data => Path.Combine(_folder, "data");

    private NodeDataLayout Layout => new(Data);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Serve_WithACorruptedDatabase_RefusesToStart_WithExit3AndTheRepairCommand()
    {
        await IndexedInboxAsync(3);
        Corrupt(Layout.DatabasePath);

        var (code, output, error) = CliRunner.Run("serve", "--data", Data, "--port", NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture), "--http-port", "0");

        Assert.Equal(3, code);
        Assert.Contains($"the node database {Layout.DatabasePath} is damaged", error, StringComparison.Ordinal);
        Assert.Contains($"dicomnode repair --data {Data}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_RebuildsTheIndexFromTheInboxFiles_KeepsTheDamagedFile_AndLeavesOutAFileOutOfPlace()
    {
        var stored = await IndexedInboxAsync(3);
        var misplaced = Path.Combine(Layout.Inbox, "1.2.3", "1.2.4", "1.2.5.dcm");
        WriteInstance(misplaced, _uids.Generate(), _uids.Generate(), _uids.Generate());
        Corrupt(Layout.DatabasePath);

        var (code, output, error) = CliRunner.Run("repair", "--data", Data);

        Assert.True(code == 0, error);
        Assert.Contains("4 of 4 files examined, 3 indexed", output, StringComparison.Ordinal);
        Assert.Contains($"left out {misplaced}: its UIDs do not match its place in the inbox", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Data, "node.db.damaged-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        using var database = NodeDatabase.Open(Layout.DatabasePath);
        var index = new InstanceIndex(database);
        Assert.All(stored, s => Assert.Equal(s.Study, index.Find(s.Sop)?.StudyInstanceUid));
        Assert.Equal(3L, index.Count());
    }

    [Fact]
    public async Task Repair_OfAHealthyDatabase_ChangesNothing()
    {
        await IndexedInboxAsync(1);

        var (code, output, _) = CliRunner.Run("repair", "--data", Data);

        Assert.Equal(0, code);
        Assert.Contains("passes its check; nothing to repair", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Data, "node.db.damaged-*"));
    }

    [Fact]
    public void Open_OfAFileThatIsNoDatabase_SaysItIsDamaged()
    {
        Directory.CreateDirectory(Data);
        File.WriteAllText(Layout.DatabasePath, "not a database at all, but long enough to have a header of its own...........");

        var error = Assert.Throws<NodeDatabaseDamagedException>(() => NodeDatabase.Open(Layout.DatabasePath));

        Assert.Equal(Layout.DatabasePath, error.DatabasePath);
    }

    /// <summary>Instances in the inbox, where the inbox puts them, indexed as after their C-STOREs.</summary>
    private async Task<List<(string Study, string Sop)>> IndexedInboxAsync(int count)
    {
        Layout.EnsureCreated();
        var study = _uids.Generate();
        var series = _uids.Generate();
        var stored = new List<(string Study, string Sop)>();
        for (var i = 0; i < count; i++)
        {
            var sop = _uids.Generate();
            WriteInstance(Layout.InstancePath(study, series, sop), study, series, sop);
            stored.Add((study, sop));
        }

        using (var database = NodeDatabase.Open(Layout.DatabasePath))
        {
            var inbox = new DurableInbox(Layout, new InstanceIndex(database), () => new InboxOptions(), TimeProvider.System);
            Assert.Equal(count, (await inbox.RecoverAsync()).InstancesIndexed);
        }

        SqliteConnection.ClearAllPools();
        return stored;
    }

    private static void WriteInstance(string path, string study, string series, string sop)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var dataset = new DicomDataset()
            .SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
            .SetUid(DicomTags.SOPInstanceUID, sop)
            .SetString(DicomTags.Modality, "MR")
            .SetString(DicomTags.PatientID, "P1")
            .SetUid(DicomTags.StudyInstanceUID, study)
            .SetUid(DicomTags.SeriesInstanceUID, series);
        Part10Writer.WriteFile(path, new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    /// <summary>Overwrites every page after the first with noise, as a failing disk or a stray write would.</summary>
    private static void Corrupt(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 4096, $"node.db is {bytes.Length} bytes");
        new Random(22).NextBytes(bytes.AsSpan(4096));
        File.WriteAllBytes(path, bytes);
    }
}
