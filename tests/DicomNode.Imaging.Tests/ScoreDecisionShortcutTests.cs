using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;

namespace DicomNode.Imaging.Tests;

/// <summary>
/// ScoreResampler takes a cell's decision from its corners where they agree; these tests hold it to the labels of the
/// plain algorithm, every class interpolated at every target voxel, kept here as the reference.
/// </summary>
public sealed class ScoreDecisionShortcutTests
{
    // A series grid like a T1 (oblique, 1.1 × 0.9 × 4 mm) and a model grid on its axes at 3 × 3 × 6 mm.
    private static readonly VolumeGeometry Series = GeometryTests.Oblique(new VolumeGeometry(40, 36, 14, AffineMatrix.Identity()));
    private static readonly VolumeGeometry Model = VolumeGeometry.CreateAligned(Series, 3.0, 3.0, 6.0);

    public static TheoryData<int, int, string, string> ArgmaxCases()
    {
        var cases = new TheoryData<int, int, string, string>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            foreach (var classes in new[] { 2, 3, 9 })
            {
                foreach (var scores in new[] { "smooth", "saturated", "noisy", "tied" })
                {
                    foreach (var target in new[] { "finer", "coarser", "oblique" })
                    {
                        cases.Add(seed, classes, scores, target);
                    }
                }
            }
        }

        return cases;
    }

    public static TheoryData<int, double, string, string> ThresholdCases()
    {
        var cases = new TheoryData<int, double, string, string>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            foreach (var threshold in new[] { 0.5, 0.7, 0.75 })
            {
                foreach (var scores in new[] { "smooth", "saturated", "noisy", "tied" })
                {
                    foreach (var target in new[] { "finer", "coarser", "oblique" })
                    {
                        cases.Add(seed, threshold, scores, target);
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(ArgmaxCases))]
    public void Argmax_GivesTheLabelsOfInterpolatingEveryClass(int seed, int classes, string scores, string target)
    {
        var values = Scores(new Random(seed), classes, scores);
        var grid = Target(target);

        Assert.Equal(ReferenceArgmax(Model, values, classes, grid), ScoreResampler.Argmax(Model, values, classes, grid).Labels);
    }

    [Theory]
    [MemberData(nameof(ThresholdCases))]
    public void Threshold_GivesTheLabelsOfInterpolatingTheProbability(int seed, double threshold, string scores, string target)
    {
        var values = Probabilities(new Random(seed), scores);
        var grid = Target(target);

        Assert.Equal(ReferenceThreshold(Model, values, threshold, 5, grid), ScoreResampler.Threshold(Model, values, threshold, 5, grid).Labels);
    }

    [Fact]
    public void Argmax_WithClassesTiedAtEveryCorner_GivesTheLowerClass()
    {
        // Classes 1 and 2 tie at 0.4 on the whole grid, class 0 is lower: every voxel is class 1, as the plain algorithm says.
        var voxels = Model.VoxelCount;
        var scores = new float[3 * voxels];
        Array.Fill(scores, 0.2f, 0, voxels);
        Array.Fill(scores, 0.4f, voxels, 2 * voxels);

        var labels = ScoreResampler.Argmax(Model, scores, 3, Series).Labels;

        Assert.Equal(ReferenceArgmax(Model, scores, 3, Series), labels);
        Assert.Contains((byte)1, labels);
        Assert.DoesNotContain((byte)2, labels);
    }

    [Fact]
    public void CornerArgmax_OfATieOrANearTie_IsUndecided()
    {
        // Voxel 0 leads clearly; 1 is a tie; 2 leads by one float ulp at 1 (2^-24, more than 2^-46 of the largest score,
        // 1); 3 leads by 1e-20, less than that.
        float[] scores = [0.9f, 0.5f, 1f, 2e-20f, /* class 1 */ 0.1f, 0.5f, MathF.BitDecrement(1f), 1e-20f];

        var labels = ScoreResampler.CornerArgmax(scores, 2, 4);

        Assert.Equal([0, byte.MaxValue, 0, byte.MaxValue], labels);
    }

    [Fact]
    public void CornerThreshold_OfAProbabilityAtTheThreshold_IsUndecided()
    {
        var labels = ScoreResampler.CornerThreshold([0.9f, 0.75f, 0.2f, 1f], 0.75, 4);

        Assert.Equal([4, byte.MaxValue, 0, 4], labels);
    }

    [Fact]
    public void Argmax_WhereRoundingTiesALeadingClass_GivesTheLowerClassAsTheInterpolationDoes()
    {
        // Class 1 leads at both corners (1 over 1 − 2^-24, 2^-149 over 0), so it leads everywhere between them in exact
        // arithmetic; at x = 1 − 2^-40 the double lerps round both classes to 2^-40 and the tie goes to class 0.
        var grid = new VolumeGeometry(2, 1, 1, AffineMatrix.Identity());
        var point = new VolumeGeometry(1, 1, 1, [1, 0, 0, 1 - Math.ScaleB(1, -40), 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        float[] scores = [MathF.BitDecrement(1f), 0, /* class 1 */ 1, float.Epsilon];

        Assert.Equal([0], ReferenceArgmax(grid, scores, 2, point));
        Assert.Equal([0], ScoreResampler.Argmax(grid, scores, 2, point).Labels);
    }

    [Fact]
    public void Threshold_WhereRoundingTakesAProbabilityUnderTheThreshold_FollowsTheInterpolation()
    {
        // Both corners reach t = 2^-60, yet at the far corner (f = 1) the lerp 1 + (t − 1) · 1 rounds to 0.
        var grid = new VolumeGeometry(2, 1, 1, AffineMatrix.Identity());
        var point = new VolumeGeometry(1, 1, 1, [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        var t = Math.ScaleB(1, -60);
        float[] probability = [1, (float)t];

        Assert.Equal([0], ReferenceThreshold(grid, probability, t, 3, point));
        Assert.Equal([0], ScoreResampler.Threshold(grid, probability, t, 3, point).Labels);
    }

    [Fact]
    public void Scores_WithANaN_AreDecidedByInterpolation()
    {
        var random = new Random(4);
        var scores = Scores(random, 3, "smooth");
        scores[Model.VoxelCount + 17] = float.NaN;
        var probability = Probabilities(random, "smooth");
        probability[17] = float.NaN;

        Assert.Equal(ReferenceArgmax(Model, scores, 3, Series), ScoreResampler.Argmax(Model, scores, 3, Series).Labels);
        Assert.Equal(ReferenceThreshold(Model, probability, 0.5, 1, Series), ScoreResampler.Threshold(Model, probability, 0.5, 1, Series).Labels);
    }

    private static byte[] ReferenceArgmax(VolumeGeometry grid, float[] scores, int classes, VolumeGeometry target) =>
        TrilinearCell.Resample(grid, target, cell =>
        {
            var best = cell.Interpolate(scores);
            var label = 0;
            for (var c = 1; c < classes; c++)
            {
                var value = cell.Interpolate(scores, c * grid.VoxelCount);
                if (value > best)
                {
                    (best, label) = (value, c);
                }
            }

            return (byte)label;
        }, (byte)0);

    private static byte[] ReferenceThreshold(VolumeGeometry grid, float[] probability, double threshold, byte value, VolumeGeometry target) =>
        TrilinearCell.Resample(grid, target, cell => cell.Interpolate(probability) >= threshold ? value : (byte)0, (byte)0);

    /// <summary>The series itself (finer than the model), a coarser grid on its axes, or an axis-aligned grid reaching past the model's edges.</summary>
    private static VolumeGeometry Target(string kind)
    {
        var (cx, cy, cz) = Model.Centre;
        return kind switch
        {
            "finer" => Series,
            "coarser" => VolumeGeometry.CreateAligned(Series, 7.0, 8.0, 9.0),
            _ => new VolumeGeometry(40, 36, 30, [1.3, 0, 0, cx - 26, 0, 1.2, 0, cy - 21, 0, 0, 1.7, cz - 25, 0, 0, 0, 1]),
        };
    }

    /// <summary>
    /// <paramref name="classes"/> planes of scores on the model grid: a softmax of smooth random fields (mild or saturated,
    /// the latter with scores down to 1e-30 beside 1), independent noise, or values from {0, 0.25, 0.5} (ties everywhere).
    /// </summary>
    private static float[] Scores(Random random, int classes, string kind)
    {
        var voxels = Model.VoxelCount;
        var scores = new float[classes * voxels];
        if (kind is "noisy" or "tied")
        {
            for (var n = 0; n < scores.Length; n++)
            {
                scores[n] = kind == "noisy" ? random.NextSingle() : random.Next(3) * 0.25f;
            }

            return scores;
        }

        var sharpness = kind == "saturated" ? 70.0 : 3.0;
        var fields = Enumerable.Range(0, classes).Select(_ => Field(random)).ToArray();
        var logits = new double[classes];
        for (var v = 0; v < voxels; v++)
        {
            for (var c = 0; c < classes; c++)
            {
                logits[c] = sharpness * fields[c][v];
            }

            var max = logits.Max();
            var sum = logits.Sum(l => Math.Exp(l - max));
            for (var c = 0; c < classes; c++)
            {
                scores[(c * voxels) + v] = (float)(Math.Exp(logits[c] - max) / sum);
            }
        }

        return scores;
    }

    /// <summary>One probability on the model grid: a sigmoid of a smooth field, noise, or values from {0, 0.5, 0.75, 1}.</summary>
    private static float[] Probabilities(Random random, string kind)
    {
        var voxels = Model.VoxelCount;
        if (kind is "noisy" or "tied")
        {
            float[] levels = [0, 0.5f, 0.75f, 1];
            return Enumerable.Range(0, voxels).Select(_ => kind == "noisy" ? random.NextSingle() : levels[random.Next(4)]).ToArray();
        }

        var sharpness = kind == "saturated" ? 70.0 : 3.0;
        return Field(random).Select(f => (float)(1 / (1 + Math.Exp(-sharpness * (f - 0.5))))).ToArray();
    }

    /// <summary>A smooth field on the model grid, about 0 … 1: three Gaussian blobs of random centre and width.</summary>
    private static double[] Field(Random random)
    {
        var blobs = Enumerable.Range(0, 3)
            .Select(_ => (I: random.NextDouble() * Model.Columns, J: random.NextDouble() * Model.Rows, K: random.NextDouble() * Model.Slices, R: 1.5 + (random.NextDouble() * 4)))
            .ToArray();
        var field = new double[Model.VoxelCount];
        for (var k = 0; k < Model.Slices; k++)
        {
            for (var j = 0; j < Model.Rows; j++)
            {
                for (var i = 0; i < Model.Columns; i++)
                {
                    field[Model.IndexOf(i, j, k)] = blobs.Sum(b =>
                        Math.Exp(-(((i - b.I) * (i - b.I)) + ((j - b.J) * (j - b.J)) + ((k - b.K) * (k - b.K))) / (2 * b.R * b.R)));
                }
            }
        }

        return field;
    }
}
