using DicomNode.Inference;

namespace DicomNode.Inference.Tests.Cascade;

/// <summary>
/// How far two ways of inferring agree: the label map of channel-major scores, and the mean Dice of two label maps.
/// Shared with the benchmarks (linked into <c>DicomNode.Benchmarks</c>).
/// </summary>
internal static class LabelAgreement
{
    internal static byte[] Argmax(Tensor scores, int channels)
    {
        int voxels = scores.Data.Length / channels;
        var labels = new byte[voxels];
        for (int v = 0; v < voxels; v++)
        {
            int best = 0;
            for (int c = 1; c < channels; c++)
            {
                if (scores.Data[(c * voxels) + v] > scores.Data[(best * voxels) + v])
                {
                    best = c;
                }
            }

            labels[v] = (byte)best;
        }

        return labels;
    }

    /// <summary>The Dice coefficient averaged over the classes either label map has (background included).</summary>
    internal static double MeanDice(byte[] a, byte[] b, int classes)
    {
        var dices = new List<double>();
        for (int c = 0; c < classes; c++)
        {
            long both = 0, inA = 0, inB = 0;
            for (int v = 0; v < a.Length; v++)
            {
                bool x = a[v] == c, y = b[v] == c;
                inA += x ? 1 : 0;
                inB += y ? 1 : 0;
                both += x && y ? 1 : 0;
            }

            if (inA + inB > 0)
            {
                dices.Add(2.0 * both / (inA + inB));
            }
        }

        return dices.Average();
    }
}
