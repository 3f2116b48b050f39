using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Normalization;
using DicomNode.Imaging.Series;

namespace DicomNode.Imaging.Tests;

/// <summary>Issue 18 point 5: ADC maps in the unit the thresholds use, 10⁻⁶ mm²/s, whatever unit the scanner stored.</summary>
public sealed class AdcUnitsTests
{
    [Theory]
    [InlineData(0.0015f, 1_000_000)]
    [InlineData(1.5f, 1_000)]
    [InlineData(1500f, 1)]
    public void Normalize_TellsTheUnitFromTheMedianOfTheNonZeroVoxels(float tissue, double factor)
    {
        // Background zeros around tissue: the median is taken of the tissue alone.
        float[] voxels = [0, 0, 0, 0, 0, tissue * 0.8f, tissue, tissue * 1.2f];
        var volume = new ImageVolume(new VolumeGeometry(8, 1, 1, AffineMatrix.Identity()), voxels)
        {
            Report = new GeometryReport([], []),
        };

        var normalized = AdcUnits.Normalize(volume);

        Assert.Equal(tissue * factor, normalized.Voxels[6], 3);
        Assert.Equal(0, normalized.Voxels[0]);
        if (factor == 1)
        {
            Assert.Same(volume, normalized);
        }
        else
        {
            Assert.Contains(normalized.Report!.Warnings, w => w.StartsWith("ADC values rescaled ×", StringComparison.Ordinal));
        }
    }
}
