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
    public CascadeResult Run(IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        var clock = Stopwatch.StartNew();
        var outputs = new List<CascadeOutput>();
        var onGrid = new Dictionary<CascadeOutput, LabelVolume>();
        var skipped = new List<CascadeSkip>();
        foreach (ModelEntry model in _order)
        {
            ModelAvailability availability = _manifest.GetAvailability(model.Id);
            foreach (SequenceKind sequence in model.AppliesTo)
            {
                cancellationToken.ThrowIfCancellationRequested();
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

                (CascadeOutput output, LabelVolume gridLabels) = RunOne(model, sequence, volumes[sequence],
                    parent is null ? null : (parent.Labels, onGrid[parent]));
                onGrid[output] = gridLabels;
                CascadeLog.Ran(_logger, model.Id, model.Version, sequence.ToManifestName(), output.Timings.ToString());
                outputs.Add(output);
            }
        }

        return new CascadeResult(outputs, skipped, clock.Elapsed);
    }

    /// <param name="parent">The cascade parent's labels on the series and on its own model grid.</param>
    private (CascadeOutput Output, LabelVolume OnGrid) RunOne(ModelEntry model, SequenceKind sequence, ImageVolume source,
        (LabelVolume OnSource, LabelVolume OnGrid)? parent)
    {
        long start = Stopwatch.GetTimestamp();
        InferenceSession session = _sessions.GetOrCreate(model.FilePath, _options);
        TimeSpan load = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        VolumeGeometry grid = ModelGridPlanner.Plan(source.Geometry, model.Grid);
        float[] input = _resampler.ResampleImage(source, grid).Voxels;
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
        Tensor output = session.Run(model.InputName, new Tensor(input, model.Grid.TensorShape()));
        TimeSpan infer = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        byte[] labels = LabelDecoder.Decode(model, output);
        if (mask is not null)
        {
            for (int i = 0; i < labels.Length; i++)
            {
                if (!mask[i])
                {
                    labels[i] = 0;
                }
            }
        }

        TimeSpan postProcess = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        var gridLabels = new LabelVolume(grid, labels);

        // Back on the series from the scores, not the grid labels: the decision is taken at each series voxel.
        LabelVolume back = LabelDecoder.DecodeOnto(model, output, grid, source.Geometry);
        resample += Stopwatch.GetElapsedTime(start);

        if (parent is not null)
        {
            // Inside the parent's mask on the series itself too, whatever the two grids and resamplers did.
            start = Stopwatch.GetTimestamp();
            byte[] parentOnSource = parent.Value.OnSource.Labels;
            for (int i = 0; i < back.Labels.Length; i++)
            {
                if (!wanted[parentOnSource[i]])
                {
                    back.Labels[i] = 0;
                }
            }

            postProcess += Stopwatch.GetElapsedTime(start);
        }

        return (new CascadeOutput(model, sequence, back, new StageTimings(load, resample, normalize, infer, postProcess)), gridLabels);
    }

    private static bool SameGrid(VolumeGeometry a, VolumeGeometry b) =>
        a.Columns == b.Columns && a.Rows == b.Rows && a.Slices == b.Slices && a.Affine.AsSpan().SequenceEqual(b.Affine);

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
