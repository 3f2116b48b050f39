using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Inference.Tests.Cascade;

/// <summary>
/// Volumes whose test-model labels are known: blocks of intensity level q = 0…8, written as
/// offset + step·q so that min-max normalization gives q/8 — which the test bones model labels q
/// and the bright-voxel model marks where q ≥ 3.
/// </summary>
internal static class SyntheticStudy
{
    /// <summary>An axis-aligned grid: spacing (si, sj, sk) mm, origin (ox, oy, oz).</summary>
    public static VolumeGeometry Axial(int columns, int rows, int slices, double si = 1.5, double sj = 1.5, double sk = 4,
        double ox = -12, double oy = -30, double oz = 40) =>
        new(columns, rows, slices, [si, 0, 0, ox, 0, sj, 0, oy, 0, 0, sk, oz, 0, 0, 0, 1]);

    /// <summary>A grid rotated by <paramref name="degrees"/> about the patient's left–right axis, then about head–foot.</summary>
    public static VolumeGeometry Oblique(int columns, int rows, int slices, double si, double sj, double sk, double degrees)
    {
        double a = degrees * Math.PI / 180, b = degrees / 2 * Math.PI / 180;
        // Columns of R = Rz(b)·Rx(a): the directions of i, j and k.
        double[][] r =
        [
            [Math.Cos(b), Math.Sin(b), 0],
            [-Math.Sin(b) * Math.Cos(a), Math.Cos(b) * Math.Cos(a), Math.Sin(a)],
            [Math.Sin(b) * Math.Sin(a), -Math.Cos(b) * Math.Sin(a), Math.Cos(a)],
        ];
        double[] s = [si, sj, sk];
        var m = new double[16];
        for (int axis = 0; axis < 3; axis++)
        {
            for (int row = 0; row < 3; row++)
            {
                m[(row * 4) + axis] = r[axis][row] * s[axis];
            }
        }

        m[3] = 17.5;
        m[7] = -42.25;
        m[11] = 8;
        m[15] = 1;
        return new VolumeGeometry(columns, rows, slices, m);
    }

    /// <summary>Level q of voxel (i, j, k): blocks of <paramref name="block"/> voxels in-plane and <paramref name="blockK"/> slices.</summary>
    public static int Level(int i, int j, int k, int block, int blockK) => ((i / block) + (3 * (j / block)) + (k / blockK)) % 9;

    public static ImageVolume Image(VolumeGeometry geometry, int block, int blockK, float offset = 20, float step = 35)
    {
        var voxels = new float[geometry.VoxelCount];
        for (int k = 0; k < geometry.Slices; k++)
        {
            for (int j = 0; j < geometry.Rows; j++)
            {
                for (int i = 0; i < geometry.Columns; i++)
                {
                    voxels[geometry.IndexOf(i, j, k)] = offset + (step * Level(i, j, k, block, blockK));
                }
            }
        }

        return new ImageVolume(geometry, voxels);
    }

    public static byte[] ExpectedBones(VolumeGeometry geometry, int block, int blockK)
    {
        var labels = new byte[geometry.VoxelCount];
        for (int k = 0; k < geometry.Slices; k++)
        {
            for (int j = 0; j < geometry.Rows; j++)
            {
                for (int i = 0; i < geometry.Columns; i++)
                {
                    labels[geometry.IndexOf(i, j, k)] = (byte)Level(i, j, k, block, blockK);
                }
            }
        }

        return labels;
    }
}
