namespace DicomNode.Imaging.Geometry;

/// <summary>
/// The grid of a volume in patient coordinates (LPS, mm, PS3.3 C.7.6.2.1.1): its size in voxels
/// (columns i, rows j, slices k) and the affine that maps a voxel index (i, j, k) to a patient position.
/// Row-major 4×4, last row 0 0 0 1: x = M[0]·i + M[1]·j + M[2]·k + M[3], and so on.
/// </summary>
public sealed record VolumeGeometry(int Columns, int Rows, int Slices, double[] Affine)
{
    public int VoxelCount => checked(Columns * Rows * Slices);

    /// <summary>The patient position (LPS, mm) of the centre of voxel (i, j, k).</summary>
    public (double X, double Y, double Z) ToPatient(double i, double j, double k) => (
        (Affine[0] * i) + (Affine[1] * j) + (Affine[2] * k) + Affine[3],
        (Affine[4] * i) + (Affine[5] * j) + (Affine[6] * k) + Affine[7],
        (Affine[8] * i) + (Affine[9] * j) + (Affine[10] * k) + Affine[11]);

    /// <summary>Voxel spacing along i, j and k in mm (the lengths of the affine's columns).</summary>
    public (double I, double J, double K) Spacing => (
        Math.Sqrt((Affine[0] * Affine[0]) + (Affine[4] * Affine[4]) + (Affine[8] * Affine[8])),
        Math.Sqrt((Affine[1] * Affine[1]) + (Affine[5] * Affine[5]) + (Affine[9] * Affine[9])),
        Math.Sqrt((Affine[2] * Affine[2]) + (Affine[6] * Affine[6]) + (Affine[10] * Affine[10])));

    /// <summary>The index of voxel (i, j, k) in the flat arrays: i fastest, then j, then k.</summary>
    public int IndexOf(int i, int j, int k) => i + (Columns * (j + (Rows * k)));
}
