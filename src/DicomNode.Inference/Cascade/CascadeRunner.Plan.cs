using DicomNode.Imaging;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>The cascade's plan for a study: which (model, series) runs go, grouped as they are decided, and the skips.</summary>
public sealed partial class CascadeRunner
{
    /// <summary>
    /// The study's runs in the sequential order, grouped as they are decided, and the (model, series) pairs not run: a
    /// model not available, a series not supplied, or a parent that does not run on the series.
    /// </summary>
    private (List<RunGroup> Groups, List<CascadeSkip> Skipped) Plan(IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, ScoreSharing sharing)
    {
        var groups = new List<RunGroup>();
        var skipped = new List<CascadeSkip>();
        var planned = new Dictionary<(string ModelId, SequenceKind Sequence), RunGroup>();
        foreach (ModelEntry model in _order)
        {
            ModelAvailability availability = _manifest.GetAvailability(model.Id);
            var runnable = new List<SequenceKind>();
            foreach (SequenceKind sequence in model.AppliesTo)
            {
                string? reason = null;
                if (availability != ModelAvailability.Available)
                {
                    reason = _manifest.GetProblem(model.Id);
                }
                else if (!volumes.ContainsKey(sequence))
                {
                    reason = $"no {sequence.ToManifestName()} series in the study";
                }
                else if (model.Cascade is { } cascade && !planned.ContainsKey((cascade.ModelId, sequence)))
                {
                    reason = $"cascade parent '{cascade.ModelId}' did not run on {sequence.ToManifestName()}";
                }

                if (reason is not null)
                {
                    skipped.Add(new CascadeSkip(model.Id, sequence, reason));
                    CascadeLog.Skipped(_logger, model.Id, sequence.ToManifestName(), reason);
                    continue;
                }

                runnable.Add(sequence);
            }

            foreach (IReadOnlyList<SequenceKind> sequences in Groups(model, runnable, volumes, sharing))
            {
                var group = new RunGroup(model, sequences,
                    [.. sequences.Select(s => model.Cascade is { } cascade ? planned[(cascade.ModelId, s)] : null)]);
                groups.Add(group);
                foreach (SequenceKind sequence in sequences)
                {
                    planned[(model.Id, sequence)] = group;
                }
            }
        }

        return (groups, skipped);
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

    /// <summary>
    /// The runs of one model decided together (one series, or the series of one acquisition sharing scores), the runs
    /// of their cascade parent on the same series, and what the scheduler's steps leave for the next: each run's
    /// scores until the group is decided, then the group's labels. Each run's step writes its own slot.
    /// </summary>
    private sealed class RunGroup(ModelEntry model, IReadOnlyList<SequenceKind> sequences, RunGroup?[] parents)
    {
        public ModelEntry Model { get; } = model;

        public IReadOnlyList<SequenceKind> Sequences { get; } = sequences;

        /// <summary>Per series, the group its cascade parent's labels come from; null for a model with no parent.</summary>
        public RunGroup?[] Parents { get; } = parents;

        public ModelRun?[] Runs { get; } = new ModelRun?[sequences.Count];

        public int DecideStep { get; set; } = -1;

        public (CascadeOutput Output, LabelVolume OnGrid)[]? Outputs { get; set; }

        /// <summary>The decided labels on <paramref name="sequence"/>, on the series and on the model grid.</summary>
        public (LabelVolume OnSource, LabelVolume OnGrid) Decided(SequenceKind sequence)
        {
            (CascadeOutput output, LabelVolume onGrid) = Outputs!.First(o => o.Output.Sequence == sequence);
            return (output.Labels, onGrid);
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
