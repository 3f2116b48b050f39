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
public sealed class CascadeRunner
{
    private readonly ModelManifest _manifest;
    private readonly InferenceSessionCache _sessions;
    private readonly IVolumeResampler _resampler;
    private readonly IIntensityNormalizer _normalizer;
    private readonly InferenceSessionOptions _options;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<ModelEntry> _order;

    public CascadeRunner(ModelManifest manifest, InferenceSessionCache sessions, IVolumeResampler? resampler = null,
        IIntensityNormalizer? normalizer = null, InferenceSessionOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sessions);
        _manifest = manifest;
        _sessions = sessions;
        _resampler = resampler ?? ImagingResampler.Instance;
        _normalizer = normalizer ?? ImagingNormalizer.Instance;
        _options = options ?? InferenceSessionOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _order = CascadeOrder(manifest.Models);
    }

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
    public CascadeResult Run(IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, ScoreSharing sharing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentNullException.ThrowIfNull(sharing);
        var clock = Stopwatch.StartNew();
        var resampled = new ResampledImages(_resampler);
        var outputs = new List<CascadeOutput>();
        var onGrid = new Dictionary<CascadeOutput, LabelVolume>();
        var skipped = new List<CascadeSkip>();
        foreach (ModelEntry model in _order)
        {
            ModelAvailability availability = _manifest.GetAvailability(model.Id);
            var parents = new Dictionary<SequenceKind, CascadeOutput?>();
            foreach (SequenceKind sequence in model.AppliesTo)
            {
                string? reason = null;
                CascadeOutput? parent = null;
                if (availability != ModelAvailability.Available)
                {
                    reason = _manifest.GetProblem(model.Id);
                }
                else if (!volumes.TryGetValue(sequence, out _))
                {
                    reason = $"no {sequence.ToManifestName()} series in the study";
                }
                else if (model.Cascade is { } cascade
                    && (parent = outputs.FirstOrDefault(o => o.Model.Id == cascade.ModelId && o.Sequence == sequence)) is null)
                {
                    reason = $"cascade parent '{cascade.ModelId}' did not run on {sequence.ToManifestName()}";
                }

                if (reason is not null)
                {
                    skipped.Add(new CascadeSkip(model.Id, sequence, reason));
                    CascadeLog.Skipped(_logger, model.Id, sequence.ToManifestName(), reason);
                    continue;
                }

                parents[sequence] = parent;
            }

            foreach (IReadOnlyList<SequenceKind> group in Groups(model, [.. model.AppliesTo.Where(parents.ContainsKey)], volumes, sharing))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var runs = group.Select(sequence => Infer(model, sequence, volumes[sequence], resampled,
                    parents[sequence] is { } parent ? (parent.Labels, onGrid[parent]) : null)).ToList();
                long start = Stopwatch.GetTimestamp();
                Tensor scores = runs.Count == 1
                    ? runs[0].Output
                    : Pool([.. runs.Select(r => r.Output.Data)], runs[0].Output.Shape, model.Output.Kind);
                TimeSpan pooling = Stopwatch.GetElapsedTime(start);
                foreach (ModelRun run in runs)
                {
                    (CascadeOutput output, LabelVolume gridLabels) = Decide(run, scores, group, run == runs[0] ? pooling : TimeSpan.Zero);
                    onGrid[output] = gridLabels;
                    if (group.Count > 1)
                    {
                        CascadeLog.Shared(_logger, model.Id, output.Sequence.ToManifestName(), string.Join(" and ", group.Select(s => s.ToManifestName())));
                    }

                    CascadeLog.Ran(_logger, model.Id, model.Version, output.Sequence.ToManifestName(), output.Timings.ToString());
                    outputs.Add(output);
                }
            }
        }

        return new CascadeResult(outputs, skipped, clock.Elapsed);
    }

    /// <summary>
    /// The runs of <paramref name="model"/> in manifest order, each a group of series decided together: an acquisition
    /// of <paramref name="sharing"/> whose series the model runs on and that lie on one voxel grid, or a single series.
    /// </summary>
    private List<IReadOnlyList<SequenceKind>> Groups(ModelEntry model, IReadOnlyList<SequenceKind> runnable,
        IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, ScoreSharing sharing)
    {
        var groups = new List<IReadOnlyList<SequenceKind>>();
        var placed = new HashSet<SequenceKind>();
        foreach (SequenceKind sequence in runnable)
        {
            if (!placed.Add(sequence))
            {
                continue;
            }

            var group = new List<SequenceKind> { sequence };
            IReadOnlyList<SequenceKind>? acquisition = sharing.ModelIds.Contains(model.Id)
                ? sharing.Acquisitions.FirstOrDefault(a => a.Contains(sequence))
                : null;
            foreach (SequenceKind other in (acquisition ?? []).Where(s => s != sequence && runnable.Contains(s) && !placed.Contains(s)))
            {
                // One voxel grid: the positions of one acquisition's series are written from the same numbers.
                if (volumes[sequence].Geometry.CornerDistanceMm(volumes[other].Geometry) <= 0.01)
                {
                    group.Add(other);
                    placed.Add(other);
                }
                else
                {
                    CascadeLog.NotShared(_logger, model.Id, sequence.ToManifestName(), other.ToManifestName());
                }
            }

            groups.Add(group);
        }

        return groups;
    }

    /// <summary>One model's run on one series up to its scores: the grid, the cascade mask and the output tensor.</summary>
    private sealed record ModelRun(ModelEntry Model, SequenceKind Sequence, ImageVolume Source, VolumeGeometry Grid, bool[]? Mask,
        bool[] Wanted, LabelVolume? ParentOnSource, Tensor Output, StageTimings Timings, string Runtime);

    /// <param name="parent">The cascade parent's labels on the series and on its own model grid.</param>
    private ModelRun Infer(ModelEntry model, SequenceKind sequence, ImageVolume source, ResampledImages resampled,
        (LabelVolume OnSource, LabelVolume OnGrid)? parent)
    {
        long start = Stopwatch.GetTimestamp();
        InferenceSession session = _sessions.GetOrCreate(model.FilePath, _options);
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
        int chunks = Math.Max(1, count / 65536);
        Parallel.For(0, chunks, chunk =>
        {
            int from = (int)((long)count * chunk / chunks), to = (int)((long)count * (chunk + 1) / chunks);
            for (int n = from; n < to; n++)
            {
                float sum = 0;
                foreach (float[] p in probabilities)
                {
                    float q = Math.Clamp(p[n], Floor, 1 - Floor);
                    sum += sigmoid ? MathF.Log(q / (1 - q)) : MathF.Log(q);
                }

                pooled[n] = sigmoid ? 1 / (1 + MathF.Exp(-sum * share)) : sum * share;
            }
        });
        return new Tensor(pooled, shape);
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
    /// to normalize as they need, instead of interpolating the series again.
    /// </summary>
    private sealed class ResampledImages(IVolumeResampler resampler)
    {
        private readonly List<(ImageVolume Source, VolumeGeometry Grid, float[] Voxels)> _done = [];

        public float[] Get(ImageVolume source, VolumeGeometry grid)
        {
            foreach ((ImageVolume done, VolumeGeometry onto, float[] voxels) in _done)
            {
                if (ReferenceEquals(done, source) && SameGrid(onto, grid))
                {
                    return (float[])voxels.Clone();
                }
            }

            float[] resampled = resampler.ResampleImage(source, grid).Voxels;
            _done.Add((source, grid, resampled));
            return (float[])resampled.Clone();
        }
    }

    /// <summary>Manifest order, except that a parent always comes before the models cascaded from it (the manifest has no cycles).</summary>
    private static List<ModelEntry> CascadeOrder(IReadOnlyList<ModelEntry> models)
    {
        var ordered = new List<ModelEntry>();
        var byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        void Visit(ModelEntry model)
        {
            if (ordered.Contains(model))
            {
                return;
            }

            if (model.Cascade is { } cascade && byId.TryGetValue(cascade.ModelId, out ModelEntry? parent))
            {
                Visit(parent);
            }

            ordered.Add(model);
        }

        foreach (ModelEntry model in models)
        {
            Visit(model);
        }

        return ordered;
    }
}
