using System.Globalization;

namespace DicomNode.Imaging.Normalization;

/// <summary>
/// ADC maps in the unit the method's thresholds use, 10⁻⁶ mm²/s. Scanners store ADC as integers in 10⁻⁶ mm²/s
/// (Siemens, GE, Philips classic) but some maps hold 10⁻³ mm²/s or mm²/s (floating-point or rescaled Enhanced MR maps).
/// Tissue ADC lies between about 300 and 3,500 × 10⁻⁶ mm²/s, so the median of the non-zero voxels tells the unit
/// apart by orders of magnitude: below 0.05 it is mm²/s, below 50 it is 10⁻³ mm²/s, otherwise 10⁻⁶ mm²/s.
/// </summary>
public static class AdcUnits
{
    /// <summary>The volume in 10⁻⁶ mm²/s; <paramref name="volume"/> itself when it already is.</summary>
    public static ImageVolume Normalize(ImageVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var median = Median(volume.Voxels);
        var factor = FactorFor(median);
        if (factor == 1)
        {
            return volume;
        }

        var scaled = new float[volume.Voxels.Length];
        for (var i = 0; i < scaled.Length; i++)
        {
            scaled[i] = (float)(volume.Voxels[i] * factor);
        }

        var note = string.Create(CultureInfo.InvariantCulture, $"ADC values rescaled ×{factor:0} to 10⁻⁶ mm²/s (median of the non-zero voxels was {median:0.######})");
        var report = volume.Report is { } r ? r with { Warnings = [.. r.Warnings, note] } : null;
        return volume with { Voxels = scaled, Report = report };
    }

    /// <summary>1, 1,000 or 1,000,000: what multiplies values of this median into 10⁻⁶ mm²/s.</summary>
    private static double FactorFor(double median) =>
        median switch
        {
            <= 0 => 1,
            < 0.05 => 1_000_000,
            < 50 => 1_000,
            _ => 1,
        };

    private static double Median(IReadOnlyList<float> voxels)
    {
        var positive = voxels.Where(v => v > 0 && float.IsFinite(v)).ToArray();
        if (positive.Length == 0)
        {
            return 0;
        }

        Array.Sort(positive);
        return positive[positive.Length / 2];
    }
}
