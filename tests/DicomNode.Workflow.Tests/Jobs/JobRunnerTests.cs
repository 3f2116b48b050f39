using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Selection;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Pipeline;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Pipeline;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Jobs;

public abstract class JobRunnerTests : IDisposable
{
    private readonly TestNode _node;

    protected JobRunnerTests(StoreEngine engine) => _node = new TestNode(engine: engine);
    private readonly CancellationTokenSource _stop = new();
    private RoutingOptions _routing = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _node.Dispose();
    }

    [StoreFact]
    public async Task Runner_NeverRunsMoreJobsThanTheBound()
    {
        var pipeline = new GatedPipeline();
        for (var i = 0; i < 5; i++)
        {
            await QueueJobAsync();
        }

        var run = Runner(pipeline, maxConcurrency: 2).RunAsync(_stop.Token);
        await Eventually.TrueAsync(() => pipeline.Current == 2, "two jobs run");
        await Task.Delay(100);
        Assert.Equal(2, pipeline.Current);

        pipeline.Release();
        await Eventually.TrueAsync(() => _node.Jobs.CountByState()[JobState.Succeeded] == 5, "all jobs succeed");
        Assert.Equal(2, pipeline.Peak);
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task Restart_QueuesJobsThatWereRunning_AndRunsThemAgain()
    {
        var id = await QueueJobAsync();
        Assert.Equal(id, _node.Jobs.TryStartNext(_node.Time.GetUtcNow())!.Id);

        // The node died here; at the next start the job is queued again and runs.
        _node.Reopen();
        var run = Runner(new RecordingPipeline()).RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Succeeded, "the interrupted job succeeds");
        Assert.Equal(2, _node.Jobs.Get(id)!.Job.Runs);
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task PipelineFailure_FailsTheJobWithTheReason_AndRetryRunsItAgain()
    {
        var pipeline = new FailingPipeline(failures: 1);
        var id = await QueueJobAsync();
        var run = Runner(pipeline).RunAsync(_stop.Token);
        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Failed, "the job fails");
        Assert.Contains("model file missing", _node.Jobs.Get(id)!.Job.Reason, StringComparison.Ordinal);

        var retry = _node.Jobs.Retry(id);

        Assert.True(retry.Queued, retry.Message);
        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Succeeded, "the retried job succeeds");
        Assert.Null(_node.Jobs.Get(id)!.Job.Reason);
        Assert.False(_node.Jobs.Retry(id).Queued);
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task Retry_OfAJobReplacedByANewerOne_IsRefused()
    {
        var study = TestInstances.NewUid();
        var first = await QueueJobAsync(study);
        _node.Jobs.TryStartNext(_node.Time.GetUtcNow());
        _node.Jobs.Fail(first, "boom", _node.Time.GetUtcNow());
        await QueueJobAsync(study);

        var retry = _node.Jobs.Retry(first);

        Assert.False(retry.Queued);
        Assert.Contains("replaced by job", retry.Message, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task RecordingPipeline_RecordsTheSeries_AndSendsNothing()
    {
        var id = await QueueJobAsync();
        var run = Runner(new RecordingPipeline()).RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Succeeded, "the job succeeds");

        Assert.True(File.Exists(Path.Combine(_node.Layout.JobFolder(id), RecordingPipeline.RecordFileName)));
        Assert.StartsWith("recorded 1 series", _node.Jobs.Get(id)!.Job.Summary, StringComparison.Ordinal);
        Assert.Empty(_node.OutboxStore.List());
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task Results_AreStagedAndQueuedForTheCallingAesDestination()
    {
        _routing = new RoutingOptions { Destinations = { new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "127.0.0.1", Port = 104 } } };
        _routing.RouteByCallingAe["MODALITY"] = "pacs";
        var id = await QueueJobAsync();
        var run = Runner(new WritingPipeline()).RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Succeeded, "the job succeeds");

        var item = Assert.Single(_node.OutboxStore.List());
        Assert.Equal(("pacs", id, OutboxState.Pending), (item.Destination, item.JobId, item.State));
        Assert.Equal(_node.Layout.OutboxPath("pacs", id, item.SopInstanceUid), item.Path);
        Assert.True(File.Exists(item.Path));
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task Results_WithoutARoute_FailTheJobWithTheReason()
    {
        var id = await QueueJobAsync();
        var run = Runner(new WritingPipeline()).RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Failed, "the job fails");

        var reason = _node.Jobs.Get(id)!.Job.Reason;
        Assert.Contains("results not sent: no destination is configured", reason, StringComparison.Ordinal);
        Assert.Contains("dicomnode config destinations add", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("RouteByCallingAe", reason, StringComparison.Ordinal);
        Assert.Empty(_node.OutboxStore.List());
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [StoreFact]
    public async Task AStudyPipelineThatBreaksOff_FailsTheJob_AndSendsTheReportSayingWhy()
    {
        _routing = new RoutingOptions { Destinations = { new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "127.0.0.1", Port = 104 } } };
        _routing.RouteByCallingAe["MODALITY"] = "pacs";
        var id = await QueueJobAsync();

        // Selection rules with a pattern that is no regular expression: the pipeline throws from deep inside.
        var rules = SelectionRules.Default with { Dwi = SelectionRules.Default.Dwi with { Descriptions = ["("] } };
        var manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyAnalysisPipeline(new StudyPipeline(manifest, sessions, writer, new StudyPipelineOptions { Selection = rules }));
        var run = Runner(pipeline).RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == JobState.Failed, "the job fails");

        var reason = _node.Jobs.Get(id)!.Job.Reason!;
        Assert.StartsWith("unexpected error (", reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', reason);
        var item = Assert.Single(_node.OutboxStore.List());
        var report = Part10Reader.ReadFile(item.Path).Dataset;
        Assert.Equal("SR", report.GetString(DicomTags.Modality));
        var evaluations = report.GetSequence(DicomTags.ContentSequence)!.Items.Last();
        Assert.Contains(
            evaluations.GetSequence(DicomTags.ContentSequence)!.Items,
            i => i.GetString(DicomTags.TextValue) == "Analysis not performed: " + reason);
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<long> QueueJobAsync(string? study = null)
    {
        study ??= TestInstances.NewUid();
        await TestInstances.StoreAsync(_node.Inbox(), TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
        return _node.Jobs.CreateForStudy(study, _node.Time.GetUtcNow())!.Id;
    }

    private JobRunner Runner(IAnalysisPipeline pipeline, int maxConcurrency = 1) =>
        new(_node.Jobs, _node.Index, _node.Layout, pipeline, _node.Outbox, _node.OutboxStore, () => _routing,
            () => new JobOptions { MaxConcurrency = maxConcurrency }, _node.Time);

    private sealed class GatedPipeline : IAnalysisPipeline
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _current;
        private int _peak;

        public int Current => Volatile.Read(ref _current);

        public int Peak => Volatile.Read(ref _peak);

        public void Release() => _gate.TrySetResult();

        public async Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _current);
            InterlockedMax(ref _peak, now);
            try
            {
                await _gate.Task.WaitAsync(cancellationToken);
                return new AnalysisOutcome(Array.Empty<string>(), "ok");
            }
            finally
            {
                Interlocked.Decrement(ref _current);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int seen;
            while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
            {
            }
        }
    }

    private sealed class FailingPipeline(int failures) : IAnalysisPipeline
    {
        private int _calls;

        public Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) <= failures
                ? throw new FileNotFoundException("model file missing: bone.onnx")
                : Task.FromResult(new AnalysisOutcome(Array.Empty<string>(), "ok"));
    }

    /// <summary>Writes one result object (a new UID) into the job folder, as the real pipeline will.</summary>
    private sealed class WritingPipeline : IAnalysisPipeline
    {
        public Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
        {
            var path = Path.Combine(request.OutputFolder, "result.dcm");
            TestInstances.WriteFile(path, TestInstances.Dataset(request.StudyInstanceUid, TestInstances.NewUid(), TestInstances.NewUid(), modality: "SEG"));
            return Task.FromResult(new AnalysisOutcome(new[] { path }, "one result"));
        }
    }
}

public sealed class JobRunnerTestsOnSqlite() : JobRunnerTests(StoreEngine.Sqlite);

public sealed class JobRunnerTestsOnPostgreSql() : JobRunnerTests(StoreEngine.PostgreSql);
