using System.Text.Json.Nodes;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Inference.Tests.Manifest;

namespace DicomNode.Inference.Tests.Cascade;

/// <summary>Issue 23: a study's model runs side by side, two at a time, give what one at a time gives.</summary>
public sealed class ConcurrentCascadeTests
{
    private static readonly ScoreSharing SharedBones = new(new HashSet<string> { "test-bones" }, [[SequenceKind.Dwi, SequenceKind.Adc]]);

    public static TheoryData<string> Studies => ["model grid", "oblique", "shared bones", "shared bones, two grids", "DWI only"];

    [Theory]
    [MemberData(nameof(Studies))]
    public void Run_TwoAtOnce_GivesTheLabelsAndSkipsOfOneAtATime(string name)
    {
        (Dictionary<SequenceKind, ImageVolume> study, ScoreSharing sharing) = Study(name);
        using var cache = new InferenceSessionCache();
        ModelManifest manifest = ModelManifest.Load(TestManifest.CommittedPath);
        var sequential = new CascadeRunner(manifest, cache, concurrentRuns: 1);
        var concurrent = new CascadeRunner(manifest, cache, concurrentRuns: 2);

        CascadeResult one = sequential.Run(study, sharing);
        CascadeResult two = concurrent.Run(study, sharing);

        Assert.Equal(2, concurrent.ConcurrentRuns);
        AssertSame(one, two);
    }

    [Fact]
    public void Run_TwoAtOnceWithoutTheParentModel_SkipsItsChildrenAsOneAtATime()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["file"] = "pelvic-bones-not-trained-yet.onnx";
        ModelManifest manifest = ModelManifest.Load(TestManifest.Write(folder, json));
        using var cache = new InferenceSessionCache();
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);
        var study = new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = SyntheticStudy.Image(geometry, 4, 2) };

        CascadeResult one = new CascadeRunner(manifest, cache, concurrentRuns: 1).Run(study);
        CascadeResult two = new CascadeRunner(manifest, cache, concurrentRuns: 2).Run(study);

        Assert.Equal(5, two.Skipped.Count);
        AssertSame(one, two);
    }

    [Fact]
    public void Run_WhenARunThrows_FaultsWithItsExceptionAndLeavesNoRunGoing()
    {
        using var cache = new InferenceSessionCache();
        var normalizer = new FailingNormalizer();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, normalizer: normalizer, concurrentRuns: 2);

        // The bones on DWI and on ADC take both places; the second to normalize throws while the first is still at it.
        var error = Assert.Throws<InvalidOperationException>(() => runner.Run(Study("model grid").Volumes));

        Assert.Equal(FailingNormalizer.Message, error.Message);
        Assert.Equal(0, normalizer.Active);
        Assert.Equal(2, normalizer.Calls);
    }

    [Fact]
    public void Run_WhenCancelled_StartsNoRunAndThrows()
    {
        using var cache = new InferenceSessionCache();
        var normalizer = new FailingNormalizer();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, normalizer: normalizer, concurrentRuns: 2);

        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(Study("model grid").Volumes, new CancellationToken(canceled: true)));
        Assert.Equal(0, normalizer.Calls);
    }

    [Fact]
    public void Run_TwoAtOnce_StartsAChildOnlyOnceItsParentIsDecidedAndNeverMoreThanTwo()
    {
        var logger = new ListLogger();
        using var cache = new InferenceSessionCache();
        var normalizer = new FailingNormalizer(failAt: 0);
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, normalizer: normalizer, logger: logger, concurrentRuns: 2);
        (Dictionary<SequenceKind, ImageVolume> study, ScoreSharing sharing) = Study("shared bones");

        CascadeResult result = runner.Run(study, sharing);

        Assert.Equal(6, result.Outputs.Count);
        Assert.InRange(normalizer.MostAtOnce, 1, 2);
        Assert.False(normalizer.OnPoolThread, "a model run took a thread of the pool that serves the associations");
        IReadOnlyList<string> lines = logger.Lines;
        int Line(string start) => lines.Select((l, i) => (l, i)).Single(p => p.l.StartsWith(start, StringComparison.Ordinal)).i;
        foreach (SequenceKind sequence in new[] { SequenceKind.Dwi, SequenceKind.T1InPhase })
        {
            string s = sequence.ToManifestName();
            Assert.True(Line($"Information: Model test-bones 1.0.0 on {s}:") < Line($"Debug: Model test-metastases on {s}: started"),
                $"the metastasis model started on {s} before the bones on {s} were decided");
        }

        // The DWI bones are decided from DWI and ADC together: both runs have inferred before either is decided.
        Assert.True(Line("Debug: Model test-bones on ADC: started") < Line("Information: Model test-bones 1.0.0 on DWI:"));
    }

    [Fact]
    public void ConcurrentRuns_Automatic_IsTwoOnTheCpuWithTwoProcessorsAndOneOnAGpu()
    {
        Assert.Equal(2, CascadeConcurrency.Runs(0, ExecutionProvider.Cpu, 2));
        Assert.Equal(2, CascadeConcurrency.Runs(0, ExecutionProvider.Cpu, 16));
        Assert.Equal(1, CascadeConcurrency.Runs(0, ExecutionProvider.Cpu, 1));
        Assert.Equal(1, CascadeConcurrency.Runs(0, ExecutionProvider.Cuda, 16));
        Assert.Equal(1, CascadeConcurrency.Runs(0, ExecutionProvider.Auto, 16));
        Assert.Equal(3, CascadeConcurrency.Runs(3, ExecutionProvider.Cpu, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CascadeConcurrency.Runs(17, ExecutionProvider.Cpu, 2));
    }

    [Fact]
    public void SessionOptions_ForRunsSideBySideOnTheCpu_ShareTheProcessorsUnlessThreadsAreSet()
    {
        var automatic = new InferenceSessionOptions();
        Assert.Equal(1, CascadeConcurrency.SessionOptions(automatic, 2, 2).IntraOpThreads);
        Assert.Equal(8, CascadeConcurrency.SessionOptions(automatic, 2, 16).IntraOpThreads);
        Assert.Equal(1, CascadeConcurrency.SessionOptions(automatic, 4, 2).IntraOpThreads);
        Assert.Same(automatic, CascadeConcurrency.SessionOptions(automatic, 1, 2));
        var set = new InferenceSessionOptions { IntraOpThreads = 2 };
        Assert.Same(set, CascadeConcurrency.SessionOptions(set, 2, 2));
        var cuda = new InferenceSessionOptions { Provider = ExecutionProvider.Cuda };
        Assert.Same(cuda, CascadeConcurrency.SessionOptions(cuda, 2, 2));

        // The share is in the options, so the session cache keeps it apart from the one-at-a-time session.
        Assert.NotEqual(automatic, CascadeConcurrency.SessionOptions(automatic, 2, 2));
    }

    [Fact]
    public void Scheduler_GivesAStepThatStartsWithNoOtherReady_ThePlacesLeftFree()
    {
        // 0 and 1 start together; 2 waits for both and starts alone; 3 and 4 wait for 2 and start together; 5 waits
        // for 3 only, and starts while 4 is still going (4 waits for 5 to have started).
        var places = new int[6];
        var fiveStarted = new ManualResetEventSlim();
        CascadeStep Step(int i, int[] after, Action? work = null) => new($"step {i}", given => { places[i] = given; work?.Invoke(); }, after);
        CascadeStep[] steps =
        [
            Step(0, []), Step(1, []), Step(2, [0, 1]), Step(3, [2]),
            Step(4, [2], () => Assert.True(fiveStarted.Wait(TimeSpan.FromSeconds(30)))),
            Step(5, [3], () => fiveStarted.Set()),
        ];

        CascadeScheduler.Run(steps, parallelism: 2, CancellationToken.None);

        Assert.Equal([1, 1, 2, 1, 1, 1], places);

        CascadeScheduler.Run(steps, parallelism: 1, CancellationToken.None);

        Assert.Equal([1, 1, 1, 1, 1, 1], places);
    }

    [Fact]
    public void Run_TwoAtOnce_ARunWithNoOtherBesideItHasEveryCore_RunsSideBySideTheirShare()
    {
        int cores = Environment.ProcessorCount;
        string Threads(ListLogger logger, string model) =>
            Assert.Single(logger.Lines, l => l.StartsWith($"Debug: Model {model} on DWI: started", StringComparison.Ordinal));
        using var cache = new InferenceSessionCache();
        VolumeGeometry grid = SyntheticStudy.Axial(16, 16, 8);
        var study = new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = SyntheticStudy.Image(grid, 4, 2) };

        // The bones alone on the DWI: one run, every core.
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        json["models"]!.AsArray().RemoveAll(m => (string?)m!["id"] != "test-bones");
        var alone = new ListLogger();
        new CascadeRunner(ModelManifest.Load(TestManifest.Write(folder, json)), cache, logger: alone, concurrentRuns: 2).Run(study);
        Assert.EndsWith($"started, on {cores} intra-op threads (0: ONNX Runtime's choice)", Threads(alone, "test-bones"));

        // With the node model ready beside them, the bones start with their share.
        var beside = new ListLogger();
        new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, logger: beside, concurrentRuns: 2).Run(study);
        Assert.EndsWith($"started, on {Math.Max(1, cores / 2)} intra-op threads (0: ONNX Runtime's choice)", Threads(beside, "test-bones"));
    }

    [Fact]
    public void SessionOptions_ForARunGivenMorePlaces_HaveThatManyShares()
    {
        var automatic = new InferenceSessionOptions();
        Assert.Equal(2, CascadeConcurrency.SessionOptions(automatic, 2, 2, places: 2).IntraOpThreads);
        Assert.Equal(16, CascadeConcurrency.SessionOptions(automatic, 2, 16, places: 2).IntraOpThreads);
        Assert.Equal(3, CascadeConcurrency.SessionOptions(automatic, 2, 3, places: 2).IntraOpThreads);
        Assert.Equal(4, CascadeConcurrency.SessionOptions(automatic, 4, 8, places: 2).IntraOpThreads);
        Assert.Equal(2, CascadeConcurrency.SessionOptions(automatic, 2, 2, places: 5).IntraOpThreads);
        var set = new InferenceSessionOptions { IntraOpThreads = 1 };
        Assert.Same(set, CascadeConcurrency.SessionOptions(set, 2, 2, places: 2));
    }

    private static void AssertSame(CascadeResult one, CascadeResult two)
    {
        Assert.Equal(one.Skipped, two.Skipped);
        Assert.Equal(
            one.Outputs.Select(o => $"{o.Model.Id} {o.Sequence.ToManifestName()} from {string.Join('+', o.ScoresFrom)}"),
            two.Outputs.Select(o => $"{o.Model.Id} {o.Sequence.ToManifestName()} from {string.Join('+', o.ScoresFrom)}"));
        foreach ((CascadeOutput a, CascadeOutput b) in one.Outputs.Zip(two.Outputs))
        {
            Assert.Equal(a.Labels.Geometry.Affine, b.Labels.Geometry.Affine);
            Assert.Equal(a.Labels.Labels, b.Labels.Labels);
            Assert.Contains(1, b.Labels.Labels.Select(l => l > 0 ? 1 : 0));
        }
    }

    private static (Dictionary<SequenceKind, ImageVolume> Volumes, ScoreSharing Sharing) Study(string name)
    {
        VolumeGeometry grid = SyntheticStudy.Axial(16, 16, 8);
        Dictionary<SequenceKind, ImageVolume> Three(VolumeGeometry dwi, VolumeGeometry adc, VolumeGeometry t1, int block = 4) => new()
        {
            [SequenceKind.Dwi] = SyntheticStudy.Image(dwi, block, 2),
            [SequenceKind.Adc] = SyntheticStudy.Image(adc, block / 2, 2, offset: 400, step: 150),
            [SequenceKind.T1InPhase] = SyntheticStudy.Image(t1, block, 2, offset: -3, step: 0.5f),
        };

        return name switch
        {
            "model grid" => (Three(grid, grid, grid), ScoreSharing.None),
            "oblique" => (Three(SyntheticStudy.Oblique(40, 36, 12, 1.2, 1.2, 3.5, 25), SyntheticStudy.Axial(20, 20, 10, 2, 2, 4),
                SyntheticStudy.Oblique(48, 40, 16, 1, 1, 2.5, -15), block: 10), ScoreSharing.None),
            "shared bones" => (Three(grid, grid, grid), SharedBones),
            "shared bones, two grids" => (Three(grid, SyntheticStudy.Axial(16, 16, 8, oz: 42), grid), SharedBones),
            "DWI only" => (new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = SyntheticStudy.Image(grid, 4, 2) }, ScoreSharing.None),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    /// <summary>
    /// Normalizes as the node does, slowly enough for runs to overlap, and counts the calls in progress. With
    /// <c>failAt</c> set, the call of that number throws, and every call before it waits until it has thrown and then
    /// a little longer: the throw finds the other run still going, however late either started.
    /// </summary>
    private sealed class FailingNormalizer(int failAt = 2) : IIntensityNormalizer
    {
        public const string Message = "normalization failed";
        private int _calls;
        private int _active;
        private int _most;
        private readonly ManualResetEventSlim _failed = new();

        public int Calls => Volatile.Read(ref _calls);

        public int Active => Volatile.Read(ref _active);

        public int MostAtOnce => Volatile.Read(ref _most);

        /// <summary>Whether a run was carried out on a thread of the thread pool (it holds its thread for seconds).</summary>
        public bool OnPoolThread { get; private set; }

        public void Normalize(Span<float> voxels, Normalization normalization)
        {
            OnPoolThread |= Thread.CurrentThread.IsThreadPoolThread;
            int call = Interlocked.Increment(ref _calls);
            int active = Interlocked.Increment(ref _active);
            int most;
            while (active > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, active, most) != most)
            {
            }

            try
            {
                if (call == failAt)
                {
                    _failed.Set();
                    throw new InvalidOperationException(Message);
                }

                if (failAt > 0)
                {
                    _failed.Wait(TimeSpan.FromSeconds(30));
                }

                Thread.Sleep(failAt == 0 ? 20 : 200);
                ImagingNormalizer.Instance.Normalize(voxels, normalization);
            }
            finally
            {
                Interlocked.Decrement(ref _active);
            }
        }
    }
}
