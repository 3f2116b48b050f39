using System.Globalization;

namespace DicomNode.Evaluation.Plots;

/// <summary>
/// A linear axis from data values to pixels with "nice" ticks (1, 2 or 5 times a power of ten) covering the data range.
/// </summary>
internal sealed record AxisScale(double Minimum, double Maximum, double Step, int PixelStart, int PixelEnd)
{
    /// <summary>An axis covering [<paramref name="low"/>, <paramref name="high"/>] with about <paramref name="ticks"/> intervals, widened to whole steps.</summary>
    public static AxisScale Covering(double low, double high, int pixelStart, int pixelEnd, int ticks = 5)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high))
        {
            (low, high) = (0, 1);
        }

        if (high < low)
        {
            (low, high) = (high, low);
        }

        if (high - low < 1e-12)
        {
            double pad = Math.Abs(low) > 1e-12 ? Math.Abs(low) * 0.1 : 1;
            (low, high) = (low - pad, high + pad);
        }

        double step = NiceStep((high - low) / ticks);
        return new AxisScale(Math.Floor(low / step) * step, Math.Ceiling(high / step) * step, step, pixelStart, pixelEnd);
    }

    /// <summary>The smallest of 1, 2, 5 × 10ⁿ that is at least <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in (ReadOnlySpan<double>)[1, 2, 5, 10])
        {
            if (m * power >= raw * (1 - 1e-9))
            {
                return m * power;
            }
        }

        return 10 * power;
    }

    public IEnumerable<double> Ticks()
    {
        int count = (int)Math.Round((Maximum - Minimum) / Step);
        for (int n = 0; n <= count; n++)
        {
            yield return Minimum + (n * Step);
        }
    }

    public int ToPixel(double value) =>
        (int)Math.Round(PixelStart + ((value - Minimum) / (Maximum - Minimum) * (PixelEnd - PixelStart)));

    /// <summary>A tick label with as many decimals as the step needs ("-0" written as "0").</summary>
    public string Label(double value)
    {
        int decimals = Math.Max(0, (int)-Math.Floor(Math.Log10(Step) + 1e-9));
        if (Math.Abs(value) < Step * 1e-6)
        {
            value = 0;
        }

        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
