namespace DicomNode.Inference.Manifest;

/// <summary>
/// A model run inside another model's output: only where the parent (<see cref="ModelId"/>) wrote
/// one of <see cref="Labels"/> on the same series. The output is always cleared outside that mask;
/// with <see cref="MaskInput"/> the normalized input is set to <see cref="InputFill"/> there too.
/// </summary>
public sealed record CascadeParent(string ModelId, IReadOnlyList<byte> Labels, bool MaskInput = true, float InputFill = 0f);
