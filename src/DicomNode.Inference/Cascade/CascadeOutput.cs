using DicomNode.Imaging;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>One model's labels on one series, in that series' own geometry.</summary>
public sealed record CascadeOutput(ModelEntry Model, SequenceKind Sequence, LabelVolume Labels, StageTimings Timings)
{
    /// <summary>
    /// The series whose scores the labels were decided from: the series itself, or every series of its acquisition
    /// when the model's scores were shared (<see cref="ScoreSharing"/>).
    /// </summary>
    public IReadOnlyList<SequenceKind> ScoresFrom { get; init; } = [Sequence];

    /// <summary>
    /// Where the model ran, for the SEG's and SR's algorithm parameters: "ONNX Runtime 1.32.0 on CPU", "… on CUDA
    /// device 0", with the sliding window when patches were used; null when not recorded.
    /// </summary>
    public string? Runtime { get; init; }
}
