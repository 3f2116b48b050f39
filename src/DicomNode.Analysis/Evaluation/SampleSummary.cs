namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Mean ± SD of a measure over subjects, as the papers' tables give it. Undefined values (a Hausdorff distance with one side
/// empty) are left out and counted. The SD is the sample SD (n − 1), undefined for fewer than two values.
/// </summary>
public sealed record SampleSummary(int Count, int Undefined, double? Mean, double? StandardDeviation)
{
    public static SampleSummary Of(IEnumerable<double?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var defined = new List<double>();
        int undefined = 0;
        foreach (var value in values)
        {
            if (value is { } v)
            {
                defined.Add(v);
            }
            else
            {
                undefined++;
            }
        }

        if (defined.Count == 0)
        {
            return new SampleSummary(0, undefined, null, null);
        }

        double mean = defined.Average();
        double? sd = null;
        if (defined.Count > 1)
        {
            double squares = defined.Sum(v => (v - mean) * (v - mean));
            sd = Math.Sqrt(squares / (defined.Count - 1));
        }

        return new SampleSummary(defined.Count, undefined, mean, sd);
    }
}
