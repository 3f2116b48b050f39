namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Bland–Altman agreement of a method with a reference: the bias (mean difference), the sample SD of the differences and the
/// 95 % limits of agreement bias ± 1.96 SD. No pairs: all undefined; one pair: a bias but no SD or limits.
/// </summary>
public sealed record BlandAltmanAnalysis(IReadOnlyList<BlandAltmanPoint> Points, double? Bias, double? StandardDeviation)
{
    public int Count => Points.Count;

    public double? LowerLimit => Bias - (1.96 * StandardDeviation);

    public double? UpperLimit => Bias + (1.96 * StandardDeviation);

    /// <summary>The analysis of (method, reference) pairs, e.g. (predicted volume, true volume).</summary>
    /// <exception cref="ArgumentException">A value is not a finite number.</exception>
    public static BlandAltmanAnalysis Of(IReadOnlyList<(double Method, double Reference)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Any(p => !double.IsFinite(p.Method) || !double.IsFinite(p.Reference)))
        {
            throw new ArgumentException("Every value must be a finite number.", nameof(pairs));
        }

        var points = pairs.Select(p => new BlandAltmanPoint((p.Method + p.Reference) / 2, p.Method - p.Reference)).ToList();
        var summary = SampleSummary.Of(points.Select(p => (double?)p.Difference));
        return new BlandAltmanAnalysis(points, summary.Mean, summary.StandardDeviation);
    }
}
