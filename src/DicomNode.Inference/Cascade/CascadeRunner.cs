using System.Diagnostics;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Inference.Manifest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Runs the manifest's models on one study: each available model on each selected series it applies
/// to, parents before the models cascaded from them (bones → metastases inside the bone mask; nodes
/// on DWI). Per run: resample the series to the model grid, normalize, mask by the parent's labels,
/// infer, argmax or threshold, clear outside the mask, resample the labels back to the series' own
/// geometry. Sessions come from the shared <see cref="InferenceSessionCache"/>, so a second study
/// reuses them.
/// </summary>
public sealed partial class CascadeRunner
{
    private readonly ModelManifest _manifest;
    private readonly InferenceSessionCache _sessions;
    private readonly IVolumeResampler _resampler;
    private readonly IIntensityNormalizer _normalizer;
    private readonly InferenceSessionOptions _configured;
    private readonly InferenceSessionOptions _options;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<ModelEntry> _order;

    /// <param name="concurrentRuns">
    /// How many model runs of a study may go at once (<see cref="ConcurrentRuns"/>): 1, the default, one after the
    /// other; 0 automatic (2 on the CPU with two or more logical processors, else 1); at most 16. The resampler and
    /// normalizer are then called from several threads at once.
    /// </param>
    public CascadeRunner(ModelManifest manifest, InferenceSessionCache sessions, IVolumeResampler? resampler = null,
        IIntensityNormalizer? normalizer = null, InferenceSessionOptions? options = null, ILogger? logger = null, int concurrentRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sessions);
        _manifest = manifest;
        _sessions = sessions;
        _resampler = resampler ?? ImagingResampler.Instance;
        _normalizer = normalizer ?? ImagingNormalizer.Instance;
        options ??= InferenceSessionOptions.Default;
        ConcurrentRuns = CascadeConcurrency.Runs(concurrentRuns, options.Provider, Environment.ProcessorCount);
        _configured = options;
        _options = CascadeConcurrency.SessionOptions(options, ConcurrentRuns, Environment.ProcessorCount);
        _logger = logger ?? NullLogger.Instance;
        _order = CascadeOrder(manifest.Models);
        if (ConcurrentRuns > 1)
        {
            CascadeLog.Concurrent(_logger, ConcurrentRuns, _options.IntraOpThreads);
        }
    }

    /// <summary>How many model runs of a study go at once: a run starts when its cascade parent has been decided.</summary>
    public int ConcurrentRuns { get; }

    /// <summary>
    /// Runs the cascade on <paramref name="volumes"/>, the study's selected series. A model whose
    /// file is unavailable, a series not supplied, or a parent that did not run gives a
    /// <see cref="CascadeSkip"/>, not an exception.
    /// </summary>
    public CascadeResult Run(IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, CancellationToken cancellationToken = default) =>
        Run(volumes, ScoreSharing.None, cancellationToken);

    /// <summary>
    /// As <see cref="Run(IReadOnlyDictionary{SequenceKind, ImageVolume}, CancellationToken)"/>, and the models that
    /// <paramref name="sharing"/> names decide once for the series of each of its acquisitions, from their
    /// probabilities on those series pooled (<see cref="Pool"/>), when the series lie on one voxel grid.
    /// </summary>
    /// <remarks>
    /// The runs are planned first, in manifest order with parents before their children, which settles every skip; then
    /// <see cref="CascadeScheduler"/> runs them, up to <see cref="ConcurrentRuns"/> at once, each (model, series) run
    /// once its parent's run on that series has been decided and each group of shared runs decided once all of its runs
    /// have inferred. The outputs come in the planned order whatever order the runs ended in; the log says each run as it
    /// ends.
    /// </remarks>
    public CascadeResult Run(IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, ScoreSharing sharing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(sharing);
        var clock = Stopwatch.StartNew();
        (List<RunGroup> groups, List<CascadeSkip> skipped) = Plan(volumes, sharing);
        var resampled = new ResampledImages(_resampler);
        var steps = new List<CascadeStep>();
        foreach (RunGroup group in groups)
        {
            var inferred = new List<int>();
            for (int i = 0; i < group.Sequences.Count; i++)
            {
                int run = i;
                SequenceKind sequence = group.Sequences[i];
                RunGroup? parent = group.Parents[i];
                inferred.Add(steps.Count);
                steps.Add(new CascadeStep($"{group.Model.Id} on {sequence.ToManifestName()}: infer",
                    places => group.Runs[run] = Infer(group.Model, sequence, volumes[sequence], resampled, parent?.Decided(sequence), places),
                    parent is null ? [] : [parent.DecideStep]));
            }

            group.DecideStep = steps.Count;
            steps.Add(new CascadeStep($"{group.Model.Id} on {string.Join(" and ", group.Sequences.Select(s => s.ToManifestName()))}: decide",
                _ => Decide(group), inferred));
        }

        CascadeScheduler.Run(steps, ConcurrentRuns, cancellationToken);
        var outputs = groups.SelectMany(g => g.Outputs!.Select(o => o.Output)).ToList();
        return new CascadeResult(outputs, skipped, clock.Elapsed);
    }

    /// <summary>One model's run on one series up to its scores: the grid, the cascade mask and the output tensor.</summary>
    private sealed record ModelRun(ModelEntry Model, SequenceKind Sequence, ImageVolume Source, VolumeGeometry Grid, bool[]? Mask,
        bool[] Wanted, LabelVolume? ParentOnSource, Tensor Output, StageTimings Timings, string Runtime);

    /// <param name="parent">The cascade parent's labels on the series and on its own model grid.</param>
    /// <param name="places">The scheduler's places the run has: more than one when it started alone, its session then more threads.</param>
    private ModelRun Infer(ModelEntry model, SequenceKind sequence, ImageVolume source, ResampledImages resampled,
        (LabelVolume OnSource, LabelVolume OnGrid)? parent, int places)
    {
        InferenceSessionOptions options = places > 1 ? CascadeConcurrency.SessionOptions(_configured, ConcurrentRuns, Environment.ProcessorCount, places) : _options;
        CascadeLog.Started(_logger, model.Id, sequence.ToManifestName(), options.IntraOpThreads);
        long start = Stopwatch.GetTimestamp();
        InferenceSession session = _sessions.GetOrCreate(model.FilePath, options);
        TimeSpan load = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        VolumeGeometry grid = ModelGridPlanner.Plan(source.Geometry, model.Grid);
        float[] input = resampled.Get(source, grid);
        bool[]? mask = null;
        bool[] wanted = new bool[256];
        if (model.Cascade is { } cascade)
        {
            // Same grid as the parent (the usual case): its own labels, no second resampling.
            byte[] parentOnGrid = SameGrid(parent!.Value.OnGrid.Geometry, grid)
                ? parent.Value.OnGrid.Labels
                : _resampler.ResampleLabels(parent.Value.OnSource, grid).Labels;
            foreach (byte label in cascade.Labels)
            {
                wanted[label] = true;
            }

            mask = new bool[parentOnGrid.Length];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = wanted[parentOnGrid[i]];
            }
        }

        TimeSpan resample = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        _normalizer.Normalize(input, model.Normalization);
        if (mask is not null && model.Cascade!.MaskInput)
        {
            float fill = model.Cascade.InputFill;
            for (int i = 0; i < input.Length; i++)
            {
                if (!mask[i])
                {
                    input[i] = fill;
                }
            }
        }

        TimeSpan normalize = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        // Patches when the model declares them and its grid is larger than one; else the whole grid at once.
        SlidingWindow? window = model.SlidingWindow is { } declared && declared.Covers(model.Grid) ? declared : null;
        Tensor output = window is null
            ? session.Run(model.InputName, new Tensor(input, model.Grid.TensorShape()))
            : SlidingWindowInference.Run(session, model.InputName, input, model.Grid, window, model.Output.Channels);
        TimeSpan infer = Stopwatch.GetElapsedTime(start);
        string runtime = $"ONNX Runtime {session.RuntimeVersion} on {session.Device}{(window is null ? string.Empty : $", sliding window ({window})")}";
        return new ModelRun(model, sequence, source, grid, mask, wanted, parent?.OnSource, output,
            new StageTimings(load, resample, normalize, infer, TimeSpan.Zero), runtime);
    }

    /// <summary>
    /// The runs' probabilities pooled voxel by voxel as independent evidence, by their normalized geometric mean. For
    /// a softmax output the pooled scores are the mean log-probabilities, whose argmax is that mean's (and whose
    /// interpolation onto a series follows the log-probabilities, as a boundary does); for a sigmoid output, the
    /// sigmoid of the mean log-odds, a probability to threshold. A series that is sure of a voxel outweighs one that
    /// is not, where an arithmetic mean would meet halfway. The runs share one model grid.
    /// </summary>
    internal static Tensor Pool(IReadOnlyList<float[]> probabilities, long[] shape, ModelOutputKind kind)
    {
        const float Floor = 1e-6f;
        bool sigmoid = kind == ModelOutputKind.Sigmoid;
        int count = probabilities[0].Length;
        var pooled = new float[count];
        float share = 1f / probabilities.Count;
        // An array, indexed: a foreach over the list's interface would make an enumerator for every voxel.
        float[][] runs = [.. probabilities];
        int chunks = Math.Max(1, count / 65536);
        Parallel.For(0, chunks, chunk =>
        {
            int from = (int)((long)count * chunk / chunks), to = (int)((long)count * (chunk + 1) / chunks);
            for (int n = from; n < to; n++)
            {
                float sum = 0;
                for (int r = 0; r < runs.Length; r++)
                {
                    float q = Math.Clamp(runs[r][n], Floor, 1 - Floor);
                    sum += sigmoid ? MathF.Log(q / (1 - q)) : MathF.Log(q);
                }

                pooled[n] = sigmoid ? 1 / (1 + MathF.Exp(-sum * share)) : sum * share;
            }
        });
        return new Tensor(pooled, shape);
    }

    /// <summary>
    /// Decides a group's runs once all of them have inferred: from each run's own scores, or from the group's scores
    /// pooled. The runs' inputs and scores are let go as soon as the group is decided.
    /// </summary>
    private void Decide(RunGroup group)
    {
        ModelRun[] runs = [.. group.Runs.Select(r => r!)];
        Array.Clear(group.Runs);
        long start = Stopwatch.GetTimestamp();
        Tensor scores = runs.Length == 1
            ? runs[0].Output
            : Pool([.. runs.Select(r => r.Output.Data)], runs[0].Output.Shape, group.Model.Output.Kind);
        TimeSpan pooling = Stopwatch.GetElapsedTime(start);
        var outputs = new (CascadeOutput Output, LabelVolume OnGrid)[runs.Length];
        for (int i = 0; i < runs.Length; i++)
        {
            outputs[i] = Decide(runs[i], scores, group.Sequences, i == 0 ? pooling : TimeSpan.Zero);
            CascadeOutput output = outputs[i].Output;
            if (group.Sequences.Count > 1)
            {
                CascadeLog.Shared(_logger, group.Model.Id, output.Sequence.ToManifestName(), string.Join(" and ", group.Sequences.Select(s => s.ToManifestName())));
            }

            CascadeLog.Ran(_logger, group.Model.Id, group.Model.Version, output.Sequence.ToManifestName(), output.Timings.ToString());
        }

        group.Outputs = outputs;
    }

    /// <summary>
    /// Labels from <paramref name="scores"/> on the series and on the model grid, inside the cascade parent's mask;
    /// <paramref name="pooling"/> is counted as post-processing.
    /// </summary>
    private static (CascadeOutput Output, LabelVolume OnGrid) Decide(ModelRun run, Tensor scores, IReadOnlyList<SequenceKind> scoresFrom, TimeSpan pooling)
    {
        long start = Stopwatch.GetTimestamp();
        byte[] labels = LabelDecoder.Decode(run.Model, scores);
        if (run.Mask is { } mask)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                if (!mask[i])
                {
                    labels[i] = 0;
                }
            }
        }

        TimeSpan postProcess = pooling + Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        var gridLabels = new LabelVolume(run.Grid, labels);

        // Back on the series from the scores, not the grid labels: the decision is taken at each series voxel.
        LabelVolume back = LabelDecoder.DecodeOnto(run.Model, scores, run.Grid, run.Source.Geometry);
        TimeSpan resample = Stopwatch.GetElapsedTime(start);

        if (run.ParentOnSource is { } parentOnSource)
        {
            // Inside the parent's mask on the series itself too, whatever the two grids and resamplers did.
            start = Stopwatch.GetTimestamp();
            for (int i = 0; i < back.Labels.Length; i++)
            {
                if (!run.Wanted[parentOnSource.Labels[i]])
                {
                    back.Labels[i] = 0;
                }
            }

            postProcess += Stopwatch.GetElapsedTime(start);
        }

        StageTimings timings = run.Timings + new StageTimings(TimeSpan.Zero, resample, TimeSpan.Zero, TimeSpan.Zero, postProcess);
        return (new CascadeOutput(run.Model, run.Sequence, back, timings) { ScoresFrom = scoresFrom, Runtime = run.Runtime }, gridLabels);
    }

    private static bool SameGrid(VolumeGeometry a, VolumeGeometry b) =>
        a.Columns == b.Columns && a.Rows == b.Rows && a.Slices == b.Slices && a.Affine.AsSpan().SequenceEqual(b.Affine);

    /// <summary>
    /// A series interpolated onto a model grid once per cascade run: the models that share a grid (the bones, metastasis and
    /// node models on the DWI; the bones and T1 metastasis models on the T1 in-phase) each get a copy of the same voxels,
    /// to normalize as they need, instead of interpolating the series again. Runs side by side that ask for the same
    /// series on the same grid wait for the one interpolation; different series are interpolated at once.
    /// </summary>
    private sealed class ResampledImages(IVolumeResampler resampler)
    {
        private readonly Lock _gate = new();
        private readonly List<(ImageVolume Source, VolumeGeometry Grid, Lazy<float[]> Voxels)> _done = [];

        public float[] Get(ImageVolume source, VolumeGeometry grid)
        {
            Lazy<float[]>? voxels = null;
            lock (_gate)
            {
                foreach ((ImageVolume done, VolumeGeometry onto, Lazy<float[]> those) in _done)
                {
                    if (ReferenceEquals(done, source) && SameGrid(onto, grid))
                    {
                        voxels = those;
                        break;
                    }
                }

                if (voxels is null)
                {
                    voxels = new Lazy<float[]>(() => resampler.ResampleImage(source, grid).Voxels, LazyThreadSafetyMode.ExecutionAndPublication);
                    _done.Add((source, grid, voxels));
                }
            }

            return (float[])voxels.Value.Clone();
        }
    }
}
