using DicomNode.Imaging;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>What the cascade produced for one study.</summary>
public sealed record CascadeResult(IReadOnlyList<CascadeOutput> Outputs, IReadOnlyList<CascadeSkip> Skipped, TimeSpan Elapsed)
{
    /// <summary>The models that ran, each once, as "id version" for the SEG and SR.</summary>
    public IReadOnlyList<ModelEntry> ModelsUsed => Outputs.Select(o => o.Model).Distinct().ToArray();

    /// <summary>The stages summed over every model run.</summary>
    public StageTimings Timings => Outputs.Aggregate(StageTimings.Zero, (sum, o) => sum + o.Timings);

    public LabelVolume? Find(string modelId, SequenceKind sequence) =>
        Outputs.FirstOrDefault(o => o.Model.Id == modelId && o.Sequence == sequence)?.Labels;
}
