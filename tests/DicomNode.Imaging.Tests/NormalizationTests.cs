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
    [Theory]
    [InlineData(1, 0.5, 99.5)]
    [InlineData(2, 0, 100)]
    [InlineData(7, 25, 75)]
    [InlineData(1001, 0.5, 99.5)]
    [InlineData(20000, 0.5, 99.5)]
    [InlineData(20000, 50, 50)]
    public void Percentiles_AreTheSortedValuesInterpolated_WithRepeatsNaNAndMask(int count, double lower, double upper)
    {
        var random = new Random(count);
        for (int round = 0; round < 20; round++)
        {
            // Few distinct values in half the rounds (the repeats a selection must keep apart), NaN and a mask.
            float[] values = Enumerable.Range(0, count)
                .Select(_ => random.Next(10) == 0 ? float.NaN : round % 2 == 0 ? random.Next(5) : (float)(random.NextDouble() * 1000 - 300))
                .ToArray();
            byte[] mask = Enumerable.Range(0, count).Select(_ => (byte)(random.Next(4) == 0 ? 0 : 1)).ToArray();
            foreach (byte[] m in new[] { Array.Empty<byte>(), mask })
            {
                float[] kept = values.Where((v, i) => !float.IsNaN(v) && (m.Length == 0 || m[i] != 0)).Order().ToArray();
                float[] copy = (float[])values.Clone();

                var (low, high) = IntensityNormalization.Percentiles(values, lower, upper, m);

                Assert.Equal(kept.Length == 0 ? 0 : SortedAt(kept, lower), low);
                Assert.Equal(kept.Length == 0 ? 0 : SortedAt(kept, upper), high);
                Assert.Equal(copy, values);
            }
        }
    }

    [Fact]
    public void Select_PutsTheKthSmallestAtK_SmallerBeforeAndLargerAfter()
    {
        var random = new Random(5);
        for (int round = 0; round < 200; round++)
        {
            float[] values = Enumerable.Range(0, 1 + random.Next(300)).Select(_ => (float)random.Next(round % 3 == 0 ? 3 : 1000)).ToArray();
            float[] sorted = values.Order().ToArray();
            int k = random.Next(values.Length);

            float found = IntensityNormalization.Select(values, k);

            Assert.Equal(sorted[k], found);
            Assert.Equal(sorted[k], values[k]);
            Assert.All(values[..k], v => Assert.True(v <= found));
            Assert.All(values[(k + 1)..], v => Assert.True(v >= found));
            Assert.Equal(sorted, values.Order().ToArray());
        }
    }

    /// <summary>The percentile as a full sort gives it: linear between the order statistics around its position.</summary>
    private static float SortedAt(float[] sorted, double percent)
    {
        double position = percent / 100 * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return (float)(sorted[below] + ((sorted[above] - sorted[below]) * (position - below)));
    }
}
