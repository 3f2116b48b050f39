using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests.Evaluation;

/// <summary>Hand-made label volumes: a grid with chosen spacing (and optionally a rotation), and boxes painted into it.</summary>
internal static class TestVolumes
{
    public static VolumeGeometry Grid(int columns, int rows, int slices, double si = 1, double sj = 1, double sk = 1) =>
        new(columns, rows, slices, [si, 0, 0, -10, 0, sj, 0, 20, 0, 0, sk, 30, 0, 0, 0, 1]);

    /// <summary>A grid whose axes are turned 30° about z and 20° about x: an oblique acquisition with anisotropic voxels.</summary>
    public static VolumeGeometry ObliqueGrid(int columns, int rows, int slices, double si, double sj, double sk)
    {
        double a = Math.PI / 6, b = Math.PI / 9;
        double[] rz = [Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a), 0, 0, 0, 1];
        double[] rx = [1, 0, 0, 0, Math.Cos(b), -Math.Sin(b), 0, Math.Sin(b), Math.Cos(b)];
        var r = new double[9];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++)
            {
                for (int n = 0; n < 3; n++)
                {
                    r[(3 * row) + col] += rx[(3 * row) + n] * rz[(3 * n) + col];
                }
            }
        }

        double[] s = [si, sj, sk];
        double[] affine = new double[16];
        for (int row = 0; row < 3; row++)
        {
            for (int col = 0; col < 3; col++)
            {
                affine[(4 * row) + col] = r[(3 * row) + col] * s[col];
            }
        }

        affine[3] = 5;
        affine[7] = -7;
        affine[11] = 12;
        affine[15] = 1;
        return new VolumeGeometry(columns, rows, slices, affine);
    }

    public static LabelVolume Empty(VolumeGeometry geometry) => new(geometry, new byte[geometry.VoxelCount]);

    /// <summary>Paints label <paramref name="value"/> into the box [i0, i1) × [j0, j1) × [k0, k1).</summary>
    public static LabelVolume Box(this LabelVolume volume, byte value, int i0, int i1, int j0, int j1, int k0, int k1)
    {
        for (int k = k0; k < k1; k++)
        {
            for (int j = j0; j < j1; j++)
            {
                for (int i = i0; i < i1; i++)
                {
                    volume.Labels[volume.Geometry.IndexOf(i, j, k)] = value;
                }
            }
        }

        return volume;
    }

    /// <summary>A cube of <paramref name="size"/> voxels a side with its first corner at (i, j, k).</summary>
    public static LabelVolume Cube(this LabelVolume volume, byte value, int i, int j, int k, int size) =>
        volume.Box(value, i, i + size, j, j + size, k, k + size);

    public static LabelVolume Voxel(this LabelVolume volume, byte value, int i, int j, int k) => volume.Box(value, i, i + 1, j, j + 1, k, k + 1);
}
