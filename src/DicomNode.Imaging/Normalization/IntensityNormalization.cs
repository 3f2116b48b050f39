using System.Buffers;

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

        float[] rented = ArrayPool<float>.Shared.Rent(source.Length);
        try
        {
            int count = 0;
            for (var v = 0; v < source.Length; v++)
            {
                if ((mask.IsEmpty || mask[v] != 0) && !float.IsNaN(source[v]))
                {
                    rented[count++] = source[v];
                }
            }

            if (count == 0)
            {
                return (0, 0);
            }

            // Two order statistics each, found by selection: the values a full sort would put there, in linear time.
            Span<float> values = rented.AsSpan(0, count);
            return (At(values, lowerPercent), At(values, upperPercent));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>The percentile interpolated between the order statistics on each side of its position; reorders <paramref name="values"/>.</summary>
    private static float At(Span<float> values, double percent)
    {
        var position = percent / 100 * (values.Length - 1);
        var below = (int)Math.Floor(position);
        float low = Select(values, below);
        // After the selection every value past `below` is at least `low`: the next order statistic is their minimum.
        float high = low;
        if (below + 1 < values.Length)
        {
            high = float.PositiveInfinity;
            foreach (float value in values[(below + 1)..])
            {
                high = Math.Min(high, value);
            }
        }

        return (float)(low + ((high - low) * (position - below)));
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest value (from 0), leaving the values before it no larger and those after it
    /// no smaller (Hoare's selection, middle-of-three pivots). No NaN may be among the values.
    /// </summary>
    internal static float Select(Span<float> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (right > left)
        {
            int middle = left + ((right - left) / 2);
            if (values[middle] < values[left])
            {
                (values[middle], values[left]) = (values[left], values[middle]);
            }

            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }

            if (values[right] < values[middle])
            {
                (values[right], values[middle]) = (values[middle], values[right]);
            }

            float pivot = values[middle];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // [left, j] ≤ pivot ≤ [i, right], and any values between j and i equal the pivot.
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
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
