using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Retention;
using DicomNode.Workflow.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Workflow.Tests.Retention;

public abstract class RetentionSweepTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly TestNode _node;

    protected RetentionSweepTests(StoreEngine engine) => _node = new TestNode(engine: engine);
    private RetentionOptions _options = new() { Inbox = 7 * Day, JobFolders = 30 * Day, DeliveredRecords = 90 * Day, MinimumFreeBytes = 0 };
    private Func<string, long> _freeBytes = _ => long.MaxValue;

    public void Dispose() => _node.Dispose();

    [StoreFact]
    public async Task ExpiredStudy_IsRemoved_FilesAndRows_AndItsJobFolderAfterItsOwnPeriod()
    {
        var study = await ReceiveAsync(instances: 3);
        var job = FinishJob(study);
        var jobFile = WriteJobFile(job);

        _node.Time.Advance(7 * Day - TimeSpan.FromMinutes(1));
        Assert.False(Sweep().RemovedAnything);
        Assert.Equal(3, _node.Index.InstancesOfStudy(study).Count);

        _node.Time.Advance(TimeSpan.FromMinutes(1));
        var report = Sweep();

        Assert.Equal((1, 3, 0), (report.Studies, report.Instances, report.JobFolders));
        Assert.True(report.Bytes > 0);
        Assert.Empty(_node.Index.InstancesOfStudy(study));
        Assert.False(Directory.Exists(Path.Combine(_node.Layout.Inbox, study)));
        Assert.Empty(Directory.EnumerateFiles(_node.Layout.Temporary, "*", SearchOption.AllDirectories));
        Assert.True(File.Exists(jobFile));
        Assert.Equal(JobState.Succeeded, _node.Jobs.Get(job)!.Job.State);

        _node.Time.Advance(23 * Day);
        Assert.Equal(1, Sweep().JobFolders);
        Assert.False(Directory.Exists(_node.Layout.JobFolder(job)));
    }

    [StoreFact]
    public async Task StudyStillBeingAssembledOrAnalysed_IsKept()
    {
        var waiting = await ReceiveAsync(instances: 2);
        var queued = await ReceiveAsync(instances: 1);
        _node.Jobs.CreateForStudy(queued, _node.Time.GetUtcNow());
        var running = await ReceiveAsync(instances: 1);
        _node.Jobs.CreateForStudy(running, _node.Time.GetUtcNow());
        _node.Jobs.TryStartNext(_node.Time.GetUtcNow());

        _node.Time.Advance(365 * Day);
        var report = Sweep();

        Assert.Equal(0, report.Studies);
        Assert.Equal(2, _node.Index.InstancesOfStudy(waiting).Count);
        Assert.Single(_node.Index.InstancesOfStudy(queued));
        Assert.Single(_node.Index.InstancesOfStudy(running));
    }

    [StoreFact]
    public async Task InstanceArrivingAfterTheJob_KeepsItsStudyUntilThatIsAnalysed()
    {
        var study = await ReceiveAsync(instances: 2);
        FinishJob(study);
        _node.Time.Advance(8 * Day);
        await TestInstances.StoreAsync(_node.Inbox(), TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));

        Assert.Equal(0, Sweep().Studies);
        Assert.Equal(3, _node.Index.InstancesOfStudy(study).Count);
    }

    [StoreFact]
    public async Task UndeliveredResults_KeepTheirJobFolderAndOutboxCopies_UntilDelivered_ThenTheRecordExpires()
    {
        var study = await ReceiveAsync(instances: 1);
        var (job, item) = await FinishJobWithResultAsync(study);
        WriteJobFile(job);
        var staged = _node.OutboxStore.Get(item)!.Path;

        _node.Time.Advance(400 * Day);
        var report = Sweep();

        Assert.Equal((1, 0), (report.Studies, report.JobFolders));
        Assert.True(Directory.Exists(_node.Layout.JobFolder(job)));
        Assert.True(File.Exists(staged));
        Assert.Equal(OutboxState.Pending, _node.OutboxStore.Get(item)!.State);

        _node.OutboxStore.MarkAttemptFailed(item, "Connection refused", _node.Time.GetUtcNow(), nextAttempt: null);
        Assert.Equal(0, Sweep().JobFolders);
        Assert.Equal(OutboxState.Failed, _node.OutboxStore.Get(item)!.State);

        _node.OutboxStore.MarkSent(item, _node.Time.GetUtcNow());
        var afterDelivery = Sweep();
        Assert.Equal((1, 0), (afterDelivery.JobFolders, afterDelivery.DeliveredRecords));

        _node.Time.Advance(90 * Day);
        Assert.Equal(1, Sweep().DeliveredRecords);
        Assert.Null(_node.OutboxStore.Get(item));
    }

    [StoreFact]
    public async Task ShortOfSpace_RemovesTheOldestFirst_OnlyUntilThereIsRoomAgain_WhateverTheirAge()
    {
        _options = _options with { Inbox = TimeSpan.Zero, JobFolders = TimeSpan.Zero };
        var oldest = await ReceiveAsync(instances: 2);
        FinishJob(oldest);
        _node.Time.Advance(Day);
        var middle = await ReceiveAsync(instances: 2);
        FinishJob(middle);
        _node.Time.Advance(Day);
        var newest = await ReceiveAsync(instances: 2);
        FinishJob(newest);

        // A disk whose free space is what the inbox leaves of a small capacity: half a study short of the minimum.
        var studyBytes = InboxBytes() / 3;
        var capacity = InboxBytes() + (21 * studyBytes / 2);
        _freeBytes = _ => capacity - InboxBytes();
        _options = _options with { MinimumFreeBytes = 11 * studyBytes };

        var report = Sweep();

        Assert.Equal((1, 1), (report.Studies, report.ForSpace));
        Assert.Empty(_node.Index.InstancesOfStudy(oldest));
        Assert.Equal(2, _node.Index.InstancesOfStudy(middle).Count);
        Assert.Equal(2, _node.Index.InstancesOfStudy(newest).Count);
        Assert.False(Sweep().RemovedAnything);
    }

    [StoreFact]
    public async Task ShortOfSpace_NeverRemovesWorkInProgressOrUndeliveredResults()
    {
        _options = _options with { Inbox = TimeSpan.Zero, JobFolders = TimeSpan.Zero, MinimumFreeBytes = 1 };
        _freeBytes = _ => 0;
        var analysing = await ReceiveAsync(instances: 1);
        _node.Jobs.CreateForStudy(analysing, _node.Time.GetUtcNow());
        var awaitingDelivery = await ReceiveAsync(instances: 1);
        var (job, item) = await FinishJobWithResultAsync(awaitingDelivery);
        WriteJobFile(job);

        var report = Sweep();

        Assert.Equal((1, 0), (report.Studies, report.JobFolders));
        Assert.Single(_node.Index.InstancesOfStudy(analysing));
        Assert.True(Directory.Exists(_node.Layout.JobFolder(job)));
        Assert.True(File.Exists(_node.OutboxStore.Get(item)!.Path));
    }

    [StoreFact]
    public async Task RetryOfAJobWhoseStudyWasRemoved_IsRefusedWithTheReason()
    {
        var study = await ReceiveAsync(instances: 1);
        var job = _node.Jobs.CreateForStudy(study, _node.Time.GetUtcNow())!.Id;
        _node.Jobs.TryStartNext(_node.Time.GetUtcNow());
        _node.Jobs.Fail(job, "no usable sequence", _node.Time.GetUtcNow());
        _node.Time.Advance(8 * Day);
        Assert.Equal(1, Sweep().Studies);

        var retry = _node.Jobs.Retry(job);

        Assert.False(retry.Queued);
        Assert.Contains("Retention:InboxDays", retry.Message, StringComparison.Ordinal);
    }

    private RetentionReport Sweep() =>
        new RetentionSweep(_node.Layout, _node.Database, () => _options, _node.Time, NullLogger.Instance, path => _freeBytes(path)).Run();

    private async Task<string> ReceiveAsync(int instances)
    {
        var study = TestInstances.NewUid();
        var series = TestInstances.NewUid();
        var inbox = _node.Inbox();
        for (var i = 0; i < instances; i++)
        {
            await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, series, TestInstances.NewUid()));
        }

        return study;
    }

    private long FinishJob(string study)
    {
        var job = _node.Jobs.CreateForStudy(study, _node.Time.GetUtcNow())!.Id;
        Assert.Equal(job, _node.Jobs.TryStartNext(_node.Time.GetUtcNow())!.Id);
        _node.Jobs.Succeed(job, "done", [], _node.Time.GetUtcNow());
        return job;
    }

    private async Task<(long Job, long Item)> FinishJobWithResultAsync(string study)
    {
        var job = _node.Jobs.CreateForStudy(study, _node.Time.GetUtcNow())!.Id;
        _node.Jobs.TryStartNext(_node.Time.GetUtcNow());
        var result = Path.Combine(_node.Layout.JobFolder(job), "sr.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(result)!);
        TestInstances.WriteFile(result, TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid(), modality: "SR"));
        var entry = await _node.Outbox.StageAsync("pacs", job, result);
        _node.Jobs.Succeed(job, "done", [entry], _node.Time.GetUtcNow());
        return (job, Assert.Single(_node.OutboxStore.List(), i => i.SopInstanceUid == entry.SopInstanceUid).Id);
    }

    private string WriteJobFile(long job)
    {
        var path = Path.Combine(_node.Layout.JobFolder(job), "findings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "{}");
        return path;
    }

    private long InboxBytes() => new DirectoryInfo(_node.Layout.Inbox).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}

public sealed class RetentionSweepTestsOnSqlite() : RetentionSweepTests(StoreEngine.Sqlite);

public sealed class RetentionSweepTestsOnPostgreSql() : RetentionSweepTests(StoreEngine.PostgreSql);
