using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Inbox;

public abstract class DurableInboxTests : IDisposable
{
    private const string NodeDataLayoutName = "node.db";
    private readonly TestNode _node;

    protected DurableInboxTests(StoreEngine engine) => _node = new TestNode(engine: engine);
    private readonly RecordingObserver _observer = new();

    public void Dispose() => _node.Dispose();

    [StoreFact]
    public async Task Store_PersistsTheFileUnderItsUids_AndIndexesIt()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var inbox = _node.Inbox(_observer);

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, series, sop), "CT_SCANNER");

        Assert.Equal(DimseStatus.Success, status);
        var path = _node.Layout.InstancePath(study, series, sop);
        Assert.True(File.Exists(path));
        var file = Part10Reader.ReadFile(path);
        Assert.Equal(sop, file.Dataset.GetUid(DicomTags.SOPInstanceUID));
        var indexed = Assert.IsType<StoredInstance>(_node.Index.Find(sop));
        Assert.Equal((study, series, "CT_SCANNER", "MR", path), (indexed.StudyInstanceUid, indexed.SeriesInstanceUid, indexed.CallingAeTitle, indexed.Modality, indexed.Path));
        Assert.Equal(new FileInfo(path).Length, indexed.Size);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Equal(sop, Assert.Single(_observer.Instances).SopInstanceUid);
    }

    [StoreFact]
    public async Task Store_DuplicateSopInstance_KeepsTheFirstCopy_AndAnswersSuccess()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var inbox = _node.Inbox(_observer);
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, series, sop, modality: "MR"));
        var first = await File.ReadAllBytesAsync(_node.Layout.InstancePath(study, series, sop));

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, series, sop, modality: "OT"));

        Assert.Equal(DimseStatus.Success, status);
        Assert.Equal(first, await File.ReadAllBytesAsync(_node.Layout.InstancePath(study, series, sop)));
        Assert.Equal(1, _node.Index.Count());
        Assert.Single(_observer.Instances);
        Assert.Equal(1, inbox.DuplicateCount);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [StoreFact]
    public async Task Store_WhenDiskIsBelowThreshold_AnswersOutOfResources_LeavesNoFile_AndRecoversWhenSpaceReturns()
    {
        long free = 1_000;
        var inbox = _node.Inbox(_observer, minimumFreeBytes: 10_000, probe: _ => free);
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        var refused = await TestInstances.StoreAsync(inbox, dataset);

        Assert.Equal(DimseStatus.OutOfResources, refused);
        Assert.DoesNotContain(Directory.GetFiles(_node.Layout.Root, "*", SearchOption.AllDirectories), f => !f.Contains(NodeDataLayoutName, StringComparison.Ordinal));
        Assert.Equal(0, _node.Index.Count());

        free = 1_000_000;
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, dataset));
        Assert.Equal(1, _node.Index.Count());
    }

    [StoreFact]
    public async Task Store_WhenTheSharedStorageIsGone_IsNotAcknowledged_AndSucceedsWhenItIsBack()
    {
        // Issue 24: the inbox on a shared file system that went away (an unmounted or stale mount). The folders the
        // inbox writes to are replaced by files, so nothing can be created under them, as on a dead mount.
        var inbox = _node.Inbox(_observer);
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        foreach (var folder in new[] { _node.Layout.Inbox, _node.Layout.Temporary })
        {
            Directory.Delete(folder, recursive: true);
            File.WriteAllText(folder, "not a folder");
        }

        var refused = await TestInstances.StoreAsync(inbox, dataset);

        // A700: the sender keeps the instance and sends it again later; nothing is indexed that is not on disk.
        Assert.Equal(DimseStatus.OutOfResources, refused);
        Assert.Equal(0, _node.Index.Count());

        foreach (var folder in new[] { _node.Layout.Inbox, _node.Layout.Temporary })
        {
            File.Delete(folder);
        }

        _node.Layout.EnsureCreated();
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, dataset));
        Assert.Equal(1, _node.Index.Count());
    }

    [StoreFact]
    public async Task Store_WhenSpaceRunsOutDuringTheTransfer_AnswersOutOfResources_BeforeTheRename()
    {
        var probes = 0;
        var inbox = _node.Inbox(_observer, minimumFreeBytes: 10_000, probe: _ => ++probes == 1 ? 1_000_000 : 10);
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, series, sop));

        Assert.Equal(DimseStatus.OutOfResources, status);
        Assert.False(File.Exists(_node.Layout.InstancePath(study, series, sop)));
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Null(_node.Index.Find(sop));
    }

    [StoreFact]
    public async Task Store_GarbageDataSet_AnswersCannotUnderstand_AndLeavesNoFile()
    {
        var inbox = _node.Inbox(_observer);
        var garbage = new byte[] { 0x08, 0x00, 0x18, 0x00, 0x55, 0x49, 0xFF, 0xFF, 1, 2, 3 };

        var status = await TestInstances.StoreAsync(inbox, garbage, TestInstances.MrImageStorage, TestInstances.NewUid());

        Assert.Equal(DimseStatus.CannotUnderstand, status);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.Empty(_observer.Instances);
    }

    [StoreFact]
    public async Task Store_DataSetThatIsNotTheAnnouncedInstance_AnswersDataSetDoesNotMatch()
    {
        var inbox = _node.Inbox(_observer);
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Encode(dataset), TestInstances.MrImageStorage, TestInstances.NewUid());

        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, status);
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("1.02.3")]
    [InlineData("")]
    public async Task Store_StudyUidThatIsNotAValidUid_IsRefused_AndNeverNamesAFile(string study)
    {
        var inbox = _node.Inbox(_observer);
        var sop = TestInstances.NewUid();
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), sop).SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study);

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Encode(dataset), TestInstances.MrImageStorage, sop);

        Assert.Equal(DimseStatus.DataSetDoesNotMatchSopClass, status);
        Assert.Empty(Directory.GetFileSystemEntries(_node.Layout.Inbox));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_node.Layout.Root, "*", SearchOption.AllDirectories), p => p.Contains("etc", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task Store_CommandWithAnInvalidSopInstanceUid_AnswersCannotUnderstand()
    {
        var inbox = _node.Inbox(_observer);
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Encode(dataset), TestInstances.MrImageStorage, "../evil");

        Assert.Equal(DimseStatus.CannotUnderstand, status);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [StoreFact]
    public async Task Recover_IndexesAFileRenamedButNotIndexed_AndDeletesPartialUploads()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());

        // A crash between the rename and the index commit leaves this; a crash mid-transfer leaves the .part.
        TestInstances.WriteFile(_node.Layout.InstancePath(study, series, sop), TestInstances.Dataset(study, series, sop));
        var partial = Path.Combine(_node.Layout.Temporary, "0123.part");
        await File.WriteAllBytesAsync(partial, new byte[] { 1, 2, 3 });
        var inbox = _node.Inbox(_observer);
        if (_node.Engine == StoreEngine.PostgreSql)
        {
            // In a folder nodes share, a partial file written within the lease is another node's upload in progress.
            var another = Path.Combine(_node.Layout.Temporary, "4567.part");
            await File.WriteAllBytesAsync(another, new byte[] { 4, 5, 6 });
            File.SetLastWriteTimeUtc(partial, DateTime.UtcNow - _node.Lease - TimeSpan.FromMinutes(1));
            Assert.Equal(new InboxRecoveryReport(TemporaryFilesDeleted: 1, InstancesIndexed: 1, UnreadableFiles: 0), await inbox.RecoverAsync());
            Assert.Equal(another, Assert.Single(Directory.GetFiles(_node.Layout.Temporary)));
            File.Delete(another);
            return;
        }

        var report = await inbox.RecoverAsync();

        Assert.Equal(new InboxRecoveryReport(TemporaryFilesDeleted: 1, InstancesIndexed: 1, UnreadableFiles: 0), report);
        Assert.Equal(study, _node.Index.Find(sop)?.StudyInstanceUid);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
        Assert.Equal(new InboxRecoveryReport(0, 0, 0), await inbox.RecoverAsync());
    }

    [StoreFact]
    public async Task Store_AfterACrashBetweenRenameAndIndex_IndexesTheFileOnResend()
    {
        var (study, series, sop) = (TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        var dataset = TestInstances.Dataset(study, series, sop);
        TestInstances.WriteFile(_node.Layout.InstancePath(study, series, sop), dataset);

        var status = await TestInstances.StoreAsync(_node.Inbox(_observer), dataset);

        Assert.Equal(DimseStatus.Success, status);
        Assert.NotNull(_node.Index.Find(sop));
        Assert.Single(_observer.Instances);
    }

    private sealed class RecordingObserver : IInboxObserver
    {
        public List<StoredInstance> Instances { get; } = new();

        public void OnInstanceStored(StoredInstance instance)
        {
            lock (Instances)
            {
                Instances.Add(instance);
            }
        }
    }
}

public sealed class DurableInboxTestsOnSqlite() : DurableInboxTests(StoreEngine.Sqlite);

public sealed class DurableInboxTestsOnPostgreSql() : DurableInboxTests(StoreEngine.PostgreSql);
