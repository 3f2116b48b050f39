using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>A (model, series) pair the manifest asks for that was not run, and why.</summary>
public sealed record CascadeSkip(string ModelId, SequenceKind Sequence, string Reason);
