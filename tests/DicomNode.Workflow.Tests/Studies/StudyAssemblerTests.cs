using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Studies;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Studies;

public abstract class StudyAssemblerTests : IDisposable
{
    private readonly TestNode _node;

    protected StudyAssemblerTests(StoreEngine engine) => _node = new TestNode(engine: engine);

    public void Dispose() => _node.Dispose();

    [StoreFact]
    public async Task Study_IsCompleteAfterTheQuietPeriod_AndEachNewInstanceRestartsIt()
    {
        using var assembler = Assembler(new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(30) });
        var inbox = _node.Inbox(assembler);
        var study = TestInstances.NewUid();
        var (t1, t2) = (TestInstances.NewUid(), TestInstances.NewUid());
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, t1, TestInstances.NewUid()));

        _node.Time.Advance(TimeSpan.FromSeconds(20));
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, t2, TestInstances.NewUid()));
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, t2, TestInstances.NewUid()));
        _node.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(_node.Jobs.List());

        _node.Time.Advance(TimeSpan.FromSeconds(1));

        var job = Assert.Single(_node.Jobs.List());
        Assert.Equal((study, JobState.Queued, "MODALITY"), (job.StudyInstanceUid, job.State, job.CallingAeTitle));
        var series = _node.Jobs.Get(job.Id)!.Series;
        Assert.Equal(new[] { (t1, 1), (t2, 2) }.OrderBy(s => s.Item1, StringComparer.Ordinal), series.Select(s => (s.SeriesInstanceUid, s.InstanceCount)));
        Assert.Equal(0, assembler.PendingStudies);
    }

    [StoreFact]
    public async Task TimerFiringBeforeTheQuietPeriodEnds_IsArmedAgainAndTheStudyStillCompletes()
    {
        // Regression: an early timer callback returned without re-arming, leaving the study waiting forever.
        using var assembler = Assembler(new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(30) });
        var inbox = _node.Inbox(assembler);
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid()));

        _node.Time.Advance(TimeSpan.FromSeconds(29));
        _node.Time.FireEarly();
        Assert.Empty(_node.Jobs.List());
        Assert.Equal(1, assembler.PendingStudies);

        _node.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(_node.Jobs.List());
    }

    [StoreFact]
    public async Task QuietPeriod_CanBeSetPerCallingAe()
    {
        var options = new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(30) };
        options.QuietPeriodByCallingAe["SLOW_MR"] = TimeSpan.FromMinutes(5);
        using var assembler = Assembler(options);
        var inbox = _node.Inbox(assembler);
        var (fast, slow) = (TestInstances.NewUid(), TestInstances.NewUid());
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(fast, TestInstances.NewUid(), TestInstances.NewUid()), "CT");
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(slow, TestInstances.NewUid(), TestInstances.NewUid()), "SLOW_MR");

        _node.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(fast, Assert.Single(_node.Jobs.List()).StudyInstanceUid);

        _node.Time.Advance(TimeSpan.FromSeconds(269));
        Assert.Single(_node.Jobs.List());
        _node.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(slow, _node.Jobs.List()[0].StudyInstanceUid);
    }

    [StoreFact]
    public async Task InstanceAfterTheJobStarted_GivesANewJob_AndTheRunningOneEndsSuperseded()
    {
        using var assembler = Assembler(new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(10) });
        var inbox = _node.Inbox(assembler);
        var study = TestInstances.NewUid();
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
        _node.Time.Advance(TimeSpan.FromSeconds(10));
        var first = _node.Jobs.TryStartNext(_node.Time.GetUtcNow())!;

        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
        _node.Time.Advance(TimeSpan.FromSeconds(10));

        var second = _node.Jobs.List()[0];
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(JobState.Queued, second.State);
        Assert.Equal(2, _node.Jobs.Get(second.Id)!.Series.Count);
        Assert.Equal((JobState.Running, second.Id), (_node.Jobs.Get(first.Id)!.Job.State, _node.Jobs.Get(first.Id)!.Job.SupersededBy));

        // When the old run finishes, its results are not queued.
        var state = _node.Jobs.Succeed(first.Id, "done", Array.Empty<DicomNode.Workflow.Outbox.OutboxEntry>(), _node.Time.GetUtcNow());
        Assert.Equal(JobState.Superseded, state);
        Assert.Equal(JobState.Superseded, _node.Jobs.Get(first.Id)!.Job.State);
    }

    [StoreFact]
    public async Task InstanceWhileTheJobIsStillQueued_SupersedesItAtOnce()
    {
        using var assembler = Assembler(new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(10) });
        var inbox = _node.Inbox(assembler);
        var study = TestInstances.NewUid();
        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
        _node.Time.Advance(TimeSpan.FromSeconds(10));
        var first = _node.Jobs.List()[0];

        await TestInstances.StoreAsync(inbox, TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
        _node.Time.Advance(TimeSpan.FromSeconds(10));

        var old = _node.Jobs.Get(first.Id)!.Job;
        Assert.Equal(JobState.Superseded, old.State);
        Assert.Equal(_node.Jobs.List()[0].Id, old.SupersededBy);
        Assert.Single(_node.Jobs.List(JobState.Queued));
    }

    [StoreFact]
    public async Task Start_AfterARestart_AssemblesStudiesThatWereWaiting()
    {
        var study = TestInstances.NewUid();
        using (var before = Assembler(new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(30) }))
        {
            await TestInstances.StoreAsync(_node.Inbox(before), TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
            _node.Time.Advance(TimeSpan.FromSeconds(10));
        }

        _node.Reopen();
        using var after = Assembler(new StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(30) });
        after.Start();
        Assert.Equal(1, after.PendingStudies);
        _node.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(_node.Jobs.List());

        _node.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(study, Assert.Single(_node.Jobs.List()).StudyInstanceUid);
        after.Start();
        Assert.Equal(0, after.PendingStudies);
    }

    private StudyAssembler Assembler(StudyAssemblyOptions options) => new(_node.Jobs, _node.Index, () => options, _node.Time);
}

public sealed class StudyAssemblerTestsOnSqlite() : StudyAssemblerTests(StoreEngine.Sqlite);

public sealed class StudyAssemblerTestsOnPostgreSql() : StudyAssemblerTests(StoreEngine.PostgreSql);
