using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Shared;

/// <summary>
/// Issue 24: several nodes on one PostgreSQL database — work claimed with FOR UPDATE SKIP LOCKED and a lease, never run
/// twice at once and never lost when a node dies; a study assembled once when its instances arrive at several nodes.
/// Two nodes here are two stores with their own claim owner on one database and one (fake) clock.
/// </summary>
public sealed class SharedQueueTestsOnPostgreSql : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private readonly TestNode _a = new(engine: StoreEngine.PostgreSql, claimOwner: "node-a", lease: Lease);
    private readonly TestNode _b;

    public SharedQueueTestsOnPostgreSql() => _b = _a.Peer("node-b");

    public void Dispose()
    {
        _b.Dispose();
        _a.Dispose();
    }

    [StoreFact]
    public async Task JobsClaimedByTwoNodesAtOnce_AreEachClaimedExactlyOnce()
    {
        var ids = Enumerable.Range(0, 40).Select(_ => QueueJob(_a)).ToList();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var node = worker % 2 == 0 ? _a : _b;
            var mine = new List<long>();
            while (node.Jobs.TryStartNext(node.Time.GetUtcNow()) is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(ids.Order(), all.Order());
        Assert.All(_a.Jobs.List(limit: 100), j => Assert.Equal((JobState.Running, 1), (j.State, j.Runs)));
    }

    [StoreFact]
    public void JobOfADeadNode_IsTakenOverWhenItsLeaseExpires_AndTheDeadNodesOutcomeIsRefused()
    {
        var id = QueueJob(_a);
        Assert.Equal(id, _a.Jobs.TryStartNext(_a.Time.GetUtcNow())!.Id);

        _a.Time.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Null(_b.Jobs.TryStartNext(_b.Time.GetUtcNow()));

        _a.Time.Advance(TimeSpan.FromSeconds(2));
        var taken = _b.Jobs.TryStartNext(_b.Time.GetUtcNow());
        Assert.Equal((id, 2), (taken!.Id, taken.Runs));

        // Node a was only slow, not dead: its late outcome changes nothing, node b's counts.
        Assert.False(_a.Jobs.RenewLease(id, _a.Time.GetUtcNow()));
        Assert.Equal(JobState.Running, _a.Jobs.Succeed(id, "from a", [], _a.Time.GetUtcNow()));
        Assert.Equal(JobState.Running, _a.Jobs.Fail(id, "from a", _a.Time.GetUtcNow()));
        Assert.Equal(JobState.Succeeded, _b.Jobs.Succeed(id, "from b", [], _b.Time.GetUtcNow()));
        Assert.Equal("from b", _a.Jobs.Get(id)!.Job.Summary);
    }

    [StoreFact]
    public void RenewedLease_KeepsTheJobFromOtherNodes()
    {
        var id = QueueJob(_a);
        _a.Jobs.TryStartNext(_a.Time.GetUtcNow());
        for (var i = 0; i < 5; i++)
        {
            _a.Time.Advance(Lease / 3);
            Assert.True(_a.Jobs.RenewLease(id, _a.Time.GetUtcNow()));
            Assert.Null(_b.Jobs.TryStartNext(_b.Time.GetUtcNow()));
        }

        Assert.Equal(JobState.Succeeded, _a.Jobs.Succeed(id, "done", [], _a.Time.GetUtcNow()));
    }

    [StoreFact]
    public void RestartedNode_RequeuesOnlyItsOwnRunningJobs()
    {
        var first = QueueJob(_a);
        var second = QueueJob(_a);
        _a.Jobs.TryStartNext(_a.Time.GetUtcNow());
        _b.Jobs.TryStartNext(_b.Time.GetUtcNow());

        Assert.Equal(1, _a.Jobs.RequeueInterrupted());

        Assert.Equal(JobState.Queued, _a.Jobs.Get(first)!.Job.State);
        Assert.Equal(JobState.Running, _a.Jobs.Get(second)!.Job.State);
    }

    [StoreFact]
    public async Task DeliveriesClaimedByTwoNodesAtOnce_AreDisjoint_AndADeadNodesItemsComeBackAfterTheLease()
    {
        var entries = Enumerable.Range(0, 30).Select(_ => new OutboxEntry("pacs", null, TestInstances.NewUid(), "1.2.840.10008.5.1.4.1.1.4", "/nowhere")).ToList();
        _a.OutboxStore.Enqueue(entries, _a.Time.GetUtcNow());

        var batches = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(() =>
        {
            var node = worker % 2 == 0 ? _a : _b;
            return node.OutboxStore.Due("pacs", node.Time.GetUtcNow(), 4).Select(i => i.Id).ToList();
        })));

        var claimed = batches.SelectMany(b => b).ToList();
        Assert.Equal(24, claimed.Count);
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        var rest = _b.OutboxStore.Due("pacs", _b.Time.GetUtcNow(), 100);
        Assert.Equal(6, rest.Count);
        Assert.Empty(_a.OutboxStore.Due("pacs", _a.Time.GetUtcNow(), 100));

        // Node a sends one of its batch and dies; the others of its batch are due again once the lease has run out.
        var aBatch = batches[0];
        _a.OutboxStore.MarkSent(aBatch[0], _a.Time.GetUtcNow());
        Assert.Equal(_a.Time.GetUtcNow() + Lease, _b.OutboxStore.NextDueAt("pacs"));
        _a.Time.Advance(Lease + TimeSpan.FromSeconds(1));
        var recovered = _b.OutboxStore.Due("pacs", _b.Time.GetUtcNow(), 100).Select(i => i.Id).ToList();
        Assert.Equal(29, recovered.Count);
        Assert.DoesNotContain(aBatch[0], recovered);
    }

    [StoreFact]
    public void StudyWhoseInstancesArriveAtTwoNodes_IsAssembledOnce_AfterTheQuietPeriodOfItsLastInstance()
    {
        var quiet = TimeSpan.FromSeconds(30);
        var study = TestInstances.NewUid();
        var series = TestInstances.NewUid();
        Index(_a, study, series);
        _a.Time.Advance(TimeSpan.FromSeconds(20));
        Index(_b, study, series);

        // Node a's own quiet period is over, but node b received an instance since: not yet, and when.
        _a.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(_a.Jobs.CreateForStudy(study, _a.Time.GetUtcNow(), quiet, out var until));
        Assert.Equal(_a.Time.GetUtcNow() + TimeSpan.FromSeconds(20), until);

        _a.Time.Advance(TimeSpan.FromSeconds(20));
        var job = _b.Jobs.CreateForStudy(study, _b.Time.GetUtcNow(), quiet, out var notYet);
        Assert.Null(notYet);
        Assert.Equal(2, _b.Jobs.Get(job!.Id)!.Series.Single().InstanceCount);
        Assert.Null(_a.Jobs.CreateForStudy(study, _a.Time.GetUtcNow(), quiet, out _));
        Assert.Single(_a.Jobs.List());
    }

    [StoreFact]
    public async Task NodeStoppedDuringAJob_ItsJobIsFinishedByTheOtherNode_OnceTheLeaseHasRunOut()
    {
        var id = QueueJob(_a);
        var stuck = new StuckPipeline();
        using (var killA = new CancellationTokenSource())
        {
            var runA = Runner(_a, stuck).RunAsync(killA.Token);
            await Eventually.TrueAsync(() => stuck.Started, "node a runs the job");

            // Node a stops without writing anything, as a killed process does: the job stays running under its claim.
            await killA.CancelAsync();
            await runA.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(JobState.Running, _a.Jobs.Get(id)!.Job.State);
        var stopped = _a.Time.GetUtcNow();
        using var stopB = new CancellationTokenSource();
        var runB = Runner(_b, new RecordingPipeline()).RunAsync(stopB.Token);

        await Eventually.AdvanceUntilAsync(_a.Time, TimeSpan.FromSeconds(5), () => _b.Jobs.Get(id)!.Job.State == JobState.Succeeded, "node b finishes the job");

        var job = _b.Jobs.Get(id)!.Job;
        Assert.Equal(2, job.Runs);
        Assert.True(job.StartedAt >= stopped + Lease, $"taken over at {job.StartedAt - stopped} after the stop, before the lease ran out");
        Assert.True(job.StartedAt <= stopped + Lease + (Lease / 4) + TimeSpan.FromSeconds(5), $"taken over only {job.StartedAt - stopped} after the stop");
        await stopB.CancelAsync();
        await runB.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task Store_WhenTheDatabaseIsGone_AnswersProcessingFailure_AndNeverSuccess()
    {
        var inbox = _a.Inbox();
        var dataset = TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid());
        _a.LoseDatabase();

        Assert.Equal(DicomNode.Dicom.Network.Dimse.DimseStatus.ProcessingFailure, await TestInstances.StoreAsync(inbox, dataset));
    }

    [StoreFact]
    public async Task StartingNode_LeavesAResultAnotherNodeHasJustStaged_ButRemovesAnOldLeftover()
    {
        var id = QueueJob(_a);
        var result = Path.Combine(_a.Layout.JobFolder(id), "sr.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(result)!);
        TestInstances.WriteFile(result, TestInstances.Dataset(TestInstances.NewUid(), TestInstances.NewUid(), TestInstances.NewUid(), modality: "SR"));
        var staged = await _a.Outbox.StageAsync("pacs", id, result);

        // Node b starts while node a's job is between staging its result and committing it.
        Assert.Equal(0, _b.Outbox.Recover(new OutboxOptions()));
        Assert.True(File.Exists(staged.Path));

        // Written longer ago than a lease and still in no outbox row: the run that staged it is dead.
        File.SetLastWriteTimeUtc(staged.Path, DateTime.UtcNow - Lease - TimeSpan.FromMinutes(1));
        Assert.Equal(1, _b.Outbox.Recover(new OutboxOptions()));
        Assert.False(File.Exists(staged.Path));
    }

    [StoreFact]
    public void StudyWhoseReceivingNodeDiedBeforeItsQuietPeriodEnded_IsAssembledByAnotherNodesRescan()
    {
        var study = TestInstances.NewUid();
        Index(_a, study, TestInstances.NewUid());
        using var assembler = new DicomNode.Workflow.Studies.StudyAssembler(_b.Jobs, _b.Index,
            () => new DicomNode.Workflow.Studies.StudyAssemblyOptions { QuietPeriod = TimeSpan.FromSeconds(30) }, _b.Time);

        Assert.True(assembler.Shared);
        Assert.Equal(1, assembler.Rescan());
        _b.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(_b.Jobs.List());
        _b.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(study, Assert.Single(_b.Jobs.List()).StudyInstanceUid);
        Assert.Equal(0, assembler.Rescan());
    }

    private static JobRunner Runner(TestNode node, IAnalysisPipeline pipeline) =>
        new(node.Jobs, node.Index, node.Layout, pipeline, node.Outbox, node.OutboxStore, () => new DicomNode.Workflow.Routing.RoutingOptions(),
            () => new JobOptions { MaxConcurrency = 1 }, node.Time);

    private static void Index(TestNode node, string study, string series)
    {
        var sop = TestInstances.NewUid();
        var stored = node.Index.Add(new StoredInstance(0, study, series, sop, "1.2.840.10008.5.1.4.1.1.4", "MR",
            Path.Combine(node.Layout.Inbox, sop + ".dcm"), "MODALITY", node.Time.GetUtcNow(), 100));
        Assert.NotNull(stored);
    }

    private static long QueueJob(TestNode node)
    {
        var study = TestInstances.NewUid();
        Index(node, study, TestInstances.NewUid());
        return node.Jobs.CreateForStudy(study, node.Time.GetUtcNow())!.Id;
    }

    /// <summary>A pipeline that never finishes a job until it is cancelled.</summary>
    private sealed class StuckPipeline : IAnalysisPipeline
    {
        private volatile bool _started;

        public bool Started => _started;

        public async Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
        {
            _started = true;
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new AnalysisOutcome([], "never");
        }
    }
}
