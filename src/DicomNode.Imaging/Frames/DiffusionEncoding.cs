namespace DicomNode.Imaging.Frames;

/// <summary>The diffusion weighting of one image or frame: b-value (s/mm²), directionality and gradient direction, each where the header gives it.</summary>
public sealed record DiffusionEncoding(double? BValue, DiffusionDirectionality Directionality, IReadOnlyList<double>? Gradient)
{
    public static DiffusionEncoding NotDiffusion { get; } = new(null, DiffusionDirectionality.Unknown, null);

    /// <summary>"b=800 DIRECTIONAL [0.71 0 0.71]", for messages.</summary>
    public override string ToString()
    {
        var b = BValue is { } v ? FormattableString.Invariant($"b={v:0.##}") : "no b-value";
        var g = Gradient is { Count: 3 } d ? FormattableString.Invariant($" [{d[0]:0.###} {d[1]:0.###} {d[2]:0.###}]") : string.Empty;
        return $"{b} {Directionality.ToString().ToUpperInvariant()}{g}";
    }
}
