namespace DicomNode.Inference.Cascade;

/// <summary>
/// Where one model run's time went: <see cref="Load"/> getting the session (near zero once cached),
/// <see cref="Resample"/> to the model grid and back (the cascade mask included),
/// <see cref="Normalize"/>, <see cref="Infer"/> (ONNX Runtime), <see cref="PostProcess"/> (argmax or
/// threshold, masking).
/// </summary>
public sealed record StageTimings(TimeSpan Load, TimeSpan Resample, TimeSpan Normalize, TimeSpan Infer, TimeSpan PostProcess)
{
    public static StageTimings Zero { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Total => Load + Resample + Normalize + Infer + PostProcess;

    /// <summary>Everything but inference.</summary>
    public TimeSpan Overhead => Load + Resample + Normalize + PostProcess;

    public static StageTimings operator +(StageTimings a, StageTimings b) => new(
        a.Load + b.Load, a.Resample + b.Resample, a.Normalize + b.Normalize, a.Infer + b.Infer, a.PostProcess + b.PostProcess);

    public override string ToString() => FormattableString.Invariant(
        $"load {Load.TotalMilliseconds:F1} ms, resample {Resample.TotalMilliseconds:F1} ms, normalize {Normalize.TotalMilliseconds:F1} ms, infer {Infer.TotalMilliseconds:F1} ms, post-process {PostProcess.TotalMilliseconds:F1} ms");
}
