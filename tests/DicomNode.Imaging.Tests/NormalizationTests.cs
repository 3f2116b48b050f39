using DicomNode.Imaging.Normalization;

namespace DicomNode.Imaging.Tests;

public sealed class NormalizationTests
{
    [Fact]
    public void MinMax_MapsTheRangeToZeroOne()
    {
        float[] values = [2, 4, 6, 10];

        IntensityNormalization.MinMax(values, values);

        Assert.Equal([0, 0.25f, 0.5f, 1], values);
    }

    [Fact]
    public void MinMax_WithinAMask_TakesItsRangeFromTheMaskAndClips()
    {
        float[] values = [0, 4, 6, 100];
        byte[] mask = [0, 1, 1, 0];
        var result = new float[4];

        IntensityNormalization.MinMax(values, result, mask);

        Assert.Equal([0, 0, 1, 1], result);
    }

    [Fact]
    public void ZScore_GivesZeroMeanUnitDeviation()
    {
        float[] values = [1, 2, 3, 4, 5];
        var result = new float[5];

        IntensityNormalization.ZScore(values, result);

        Assert.Equal(0, result.Average(), 6);
        Assert.Equal(1, Math.Sqrt(result.Select(v => (double)v * v).Average()), 6);
    }

    [Fact]
    public void PercentileMinMax_ClipsTheOutliers()
    {
        var values = Enumerable.Range(0, 1001).Select(v => (float)v).ToArray();
        values[1000] = 1e6f;
        var result = new float[values.Length];

        var (low, high) = IntensityNormalization.Percentiles(values, 0.5, 99.5);
        IntensityNormalization.PercentileMinMax(values, result, 0.5, 99.5);

        Assert.Equal(5, low, 3);
        Assert.Equal(995, high, 3);
        Assert.Equal(0, result[0]);
        Assert.Equal(1, result[1000]);
        Assert.Equal(0.5, result[500], 4);
    }
}
