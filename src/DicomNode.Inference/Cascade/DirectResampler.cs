using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// The cascade's own resampler: maps each target voxel centre through both affines into source
/// index space, then trilinear for images and nearest neighbour for labels. No anti-aliasing when
/// shrinking; the imaging library's resampler is meant to replace it.
/// </summary>
public sealed class DirectResampler : IVolumeResampler
{
    public static DirectResampler Instance { get; } = new();

    public ImageVolume ResampleImage(ImageVolume source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        VolumeGeometry g = source.Geometry;
        float[] voxels = source.Voxels;
        var result = new float[target.VoxelCount];
        Walk(g, target, (index, si, sj, sk) =>
        {
            int i0 = (int)Math.Floor(si), j0 = (int)Math.Floor(sj), k0 = (int)Math.Floor(sk);
            double fi = si - i0, fj = sj - j0, fk = sk - k0;
            double sum = 0, weight = 0;
            for (int c = 0; c < 8; c++)
            {
                int i = i0 + (c & 1), j = j0 + ((c >> 1) & 1), k = k0 + ((c >> 2) & 1);
                double w = ((c & 1) == 0 ? 1 - fi : fi) * (((c >> 1) & 1) == 0 ? 1 - fj : fj) * (((c >> 2) & 1) == 0 ? 1 - fk : fk);
                if (w == 0 || (uint)i >= (uint)g.Columns || (uint)j >= (uint)g.Rows || (uint)k >= (uint)g.Slices)
                {
                    continue;
                }

                sum += w * voxels[g.IndexOf(i, j, k)];
                weight += w;
            }

            // Within half a voxel of the edge only some neighbours exist: renormalize over those.
            result[index] = weight > 0 ? (float)(sum / weight) : 0f;
        });
        return new ImageVolume(target, result) { SeriesInstanceUid = source.SeriesInstanceUid, BValue = source.BValue };
    }

    public LabelVolume ResampleLabels(LabelVolume source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        VolumeGeometry g = source.Geometry;
        byte[] labels = source.Labels;
        var result = new byte[target.VoxelCount];
        Walk(g, target, (index, si, sj, sk) =>
        {
            int i = (int)Math.Round(si, MidpointRounding.AwayFromZero);
            int j = (int)Math.Round(sj, MidpointRounding.AwayFromZero);
            int k = (int)Math.Round(sk, MidpointRounding.AwayFromZero);
            if ((uint)i < (uint)g.Columns && (uint)j < (uint)g.Rows && (uint)k < (uint)g.Slices)
            {
                result[index] = labels[g.IndexOf(i, j, k)];
            }
        });
        return new LabelVolume(target, result);
    }

    /// <summary>Calls <paramref name="sample"/> with each target voxel's index and its position in source index space, slices in parallel.</summary>
    private static void Walk(VolumeGeometry source, VolumeGeometry target, Action<int, double, double, double> sample)
    {
        double[] m = AffineMath.Multiply(AffineMath.Invert(source.Affine), target.Affine);
        Parallel.For(0, target.Slices, k =>
        {
            for (int j = 0; j < target.Rows; j++)
            {
                double bi = (m[1] * j) + (m[2] * k) + m[3];
                double bj = (m[5] * j) + (m[6] * k) + m[7];
                double bk = (m[9] * j) + (m[10] * k) + m[11];
                int row = target.IndexOf(0, j, k);
                for (int i = 0; i < target.Columns; i++)
                {
                    sample(row + i, bi + (m[0] * i), bj + (m[4] * i), bk + (m[8] * i));
                }
            }
        });
    }
}
