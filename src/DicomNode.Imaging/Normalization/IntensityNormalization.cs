namespace DicomNode.Imaging.Normalization;

/// <summary>
/// Intensity normalizations a model manifest names, as pure functions over spans: statistics from the voxels where
/// <c>mask</c> is non-zero (all voxels when the mask is empty), applied to every voxel. <c>source</c> and
/// <c>destination</c> may be the same span.
/// </summary>
public static class IntensityNormalization
{
    /// <summary>(v − min) / (max − min) to [0, 1]; a constant image maps to 0.</summary>
    public static void MinMax(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<byte> mask = default)
    {
        var (min, max) = Range(source, mask);
        Scale(source, destination, min, max);
    }

    /// <summary>(v − mean) / standard deviation; a constant image maps to 0.</summary>
    public static void ZScore(ReadOnlySpan<float> source, Span<float> destination, ReadOnlySpan<byte> mask = default)
    {
        Check(source, destination, mask);
        double sum = 0, sumSquares = 0;
        long n = 0;
        for (var v = 0; v < source.Length; v++)
        {
            if (mask.IsEmpty || mask[v] != 0)
            {
                double x = source[v];
                sum += x;
                sumSquares += x * x;
                n++;
            }
        }

        var mean = n > 0 ? sum / n : 0;
        var sd = n > 0 ? Math.Sqrt(Math.Max(0, (sumSquares / n) - (mean * mean))) : 0;
        for (var v = 0; v < source.Length; v++)
        {
            destination[v] = sd > 0 ? (float)((source[v] - mean) / sd) : 0f;
        }
    }

    /// <summary>
    /// Clips to the <paramref name="lowerPercent"/> and <paramref name="upperPercent"/> percentiles (e.g. 0.5 and 99.5),
    /// then scales that range to [0, 1]: robust to the few hot voxels of noise or a fat-suppression failure.
    /// </summary>
    public static void PercentileMinMax(
        ReadOnlySpan<float> source, Span<float> destination, double lowerPercent = 0.5, double upperPercent = 99.5, ReadOnlySpan<byte> mask = default)
    {
        var (low, high) = Percentiles(source, lowerPercent, upperPercent, mask);
        Scale(source, destination, low, high);
    }

    /// <summary>Two percentiles (0–100) of the masked voxels, interpolated linearly between order statistics.</summary>
    public static (float Low, float High) Percentiles(ReadOnlySpan<float> source, double lowerPercent, double upperPercent, ReadOnlySpan<byte> mask = default)
    {
        Check(source, source, mask);
        if (!(lowerPercent >= 0 && lowerPercent <= upperPercent && upperPercent <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(lowerPercent), $"Percentiles {lowerPercent} and {upperPercent} are not 0 ≤ low ≤ high ≤ 100.");
        }

        var values = new List<float>(source.Length);
        for (var v = 0; v < source.Length; v++)
        {
            if ((mask.IsEmpty || mask[v] != 0) && !float.IsNaN(source[v]))
            {
                values.Add(source[v]);
            }
        }

        if (values.Count == 0)
        {
            return (0, 0);
        }

        values.Sort();
        return (At(values, lowerPercent), At(values, upperPercent));
    }

    private static float At(List<float> sorted, double percent)
    {
        var position = percent / 100 * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return (float)(sorted[below] + ((sorted[above] - sorted[below]) * (position - below)));
    }

    private static (float Min, float Max) Range(ReadOnlySpan<float> source, ReadOnlySpan<byte> mask)
    {
        Check(source, source, mask);
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        for (var v = 0; v < source.Length; v++)
        {
            if (mask.IsEmpty || mask[v] != 0)
            {
                min = Math.Min(min, source[v]);
                max = Math.Max(max, source[v]);
            }
        }

        return min <= max ? (min, max) : (0, 0);
    }

    private static void Scale(ReadOnlySpan<float> source, Span<float> destination, float low, float high)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source {source.Length}.", nameof(destination));
        }

        var width = (double)high - low;
        for (var v = 0; v < source.Length; v++)
        {
            destination[v] = width > 0 ? (float)((Math.Clamp(source[v], low, high) - (double)low) / width) : 0f;
        }
    }

    private static void Check(ReadOnlySpan<float> source, ReadOnlySpan<float> destination, ReadOnlySpan<byte> mask)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, source {source.Length}.", nameof(destination));
        }

        if (!mask.IsEmpty && mask.Length != source.Length)
        {
            throw new ArgumentException($"mask holds {mask.Length} values, source {source.Length}.", nameof(mask));
        }
    }
}
