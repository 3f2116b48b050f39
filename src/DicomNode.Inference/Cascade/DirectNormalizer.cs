using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>The cascade's own normalizer (min-max, z-score, percentile clip and scale); the imaging library's is meant to replace it.</summary>
public sealed class DirectNormalizer : IIntensityNormalizer
{
    public static DirectNormalizer Instance { get; } = new();

    public void Normalize(Span<float> voxels, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        if (voxels.IsEmpty)
        {
            return;
        }

        switch (normalization.Method)
        {
            case NormalizationMethod.MinMax:
                float min = float.PositiveInfinity, max = float.NegativeInfinity;
                foreach (float v in voxels)
                {
                    min = MathF.Min(min, v);
                    max = MathF.Max(max, v);
                }

                Scale(voxels, min, max);
                break;
            case NormalizationMethod.ZScore:
                double sum = 0, squares = 0;
                foreach (float v in voxels)
                {
                    sum += v;
                    squares += (double)v * v;
                }

                double mean = sum / voxels.Length;
                double sd = Math.Sqrt(Math.Max(0, (squares / voxels.Length) - (mean * mean)));
                float scale = sd > 0 ? (float)(1 / sd) : 0f;
                for (int i = 0; i < voxels.Length; i++)
                {
                    voxels[i] = (voxels[i] - (float)mean) * scale;
                }

                break;
            case NormalizationMethod.Percentile:
                float[] sorted = voxels.ToArray();
                Array.Sort(sorted);
                float low = Percentile(sorted, normalization.LowerPercentile);
                float high = Percentile(sorted, normalization.UpperPercentile);
                for (int i = 0; i < voxels.Length; i++)
                {
                    voxels[i] = Math.Clamp(voxels[i], low, high);
                }

                Scale(voxels, low, high);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(normalization), normalization.Method, null);
        }
    }

    private static void Scale(Span<float> voxels, float low, float high)
    {
        float range = high - low;
        float scale = range > 0 ? 1 / range : 0f;
        for (int i = 0; i < voxels.Length; i++)
        {
            voxels[i] = (voxels[i] - low) * scale;
        }
    }

    /// <summary>Linear interpolation between closest ranks.</summary>
    private static float Percentile(float[] sorted, double percent)
    {
        double rank = percent / 100 * (sorted.Length - 1);
        int lower = (int)Math.Floor(rank);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return (float)(sorted[lower] + ((rank - lower) * (sorted[upper] - sorted[lower])));
    }
}
