using DicomNode.Imaging;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>One model's labels on one series, in that series' own geometry.</summary>
public sealed record CascadeOutput(ModelEntry Model, SequenceKind Sequence, LabelVolume Labels, StageTimings Timings);
