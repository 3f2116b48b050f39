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

    /// <summary>The continuous voxel index (i, j, k) of a patient position (LPS, mm): the inverse of <see cref="ToPatient"/>.</summary>
    public (double I, double J, double K) ToVoxel(double x, double y, double z) => AffineMatrix.Transform(AffineMatrix.Invert(Affine), x, y, z);

    /// <summary>
    /// The largest distance (mm) between the patient positions of corresponding corner voxels of this grid and
    /// <paramref name="other"/>; infinity when the sizes differ. Near zero means the two are one voxel grid.
    /// </summary>
    public double CornerDistanceMm(VolumeGeometry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Columns != other.Columns || Rows != other.Rows || Slices != other.Slices)
        {
            return double.PositiveInfinity;
        }

        double worst = 0;
        for (int corner = 0; corner < 8; corner++)
        {
            int i = (corner & 1) == 0 ? 0 : Columns - 1;
            int j = (corner & 2) == 0 ? 0 : Rows - 1;
            int k = (corner & 4) == 0 ? 0 : Slices - 1;
            var p = ToPatient(i, j, k);
            var q = other.ToPatient(i, j, k);
            double dx = p.X - q.X, dy = p.Y - q.Y, dz = p.Z - q.Z;
            worst = Math.Max(worst, Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)));
        }

        return worst;
    }

    /// <summary>The unit direction of the i, j or k axis (0, 1, 2) in patient space.</summary>
    public (double X, double Y, double Z) Direction(int axis)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(axis);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(axis, 2);
        var x = Affine[axis];
        var y = Affine[4 + axis];
        var z = Affine[8 + axis];
        var length = Math.Sqrt((x * x) + (y * y) + (z * z));
        return (x / length, y / length, z / length);
    }

    /// <summary>The patient position of the centre of the grid's field of view.</summary>
    public (double X, double Y, double Z) Centre => ToPatient((Columns - 1) / 2.0, (Rows - 1) / 2.0, (Slices - 1) / 2.0);

    /// <summary>
    /// A grid of <paramref name="columns"/> × <paramref name="rows"/> × <paramref name="slices"/> voxels with the axes of
    /// <paramref name="source"/>, covering the same field of view (voxel edge to voxel edge) and centred on it: the spacing
    /// along each axis is the source extent divided by the new size. The policy of a model with a fixed input size.
    /// </summary>
    public static VolumeGeometry CreateAligned(VolumeGeometry source, int columns, int rows, int slices)
    {
        ArgumentNullException.ThrowIfNull(source);
        var spacing = source.Spacing;
        return Aligned(
            source,
            columns,
            rows,
            slices,
            spacing.I * source.Columns / Positive(columns, nameof(columns)),
            spacing.J * source.Rows / Positive(rows, nameof(rows)),
            spacing.K * source.Slices / Positive(slices, nameof(slices)));
    }

    /// <summary>
    /// A grid with the axes of <paramref name="source"/> at the given spacing (mm), as many voxels as cover the source field
    /// of view (rounded up), centred on it: the policy of a model trained at a fixed spacing.
    /// </summary>
    public static VolumeGeometry CreateAligned(VolumeGeometry source, double spacingI, double spacingJ, double spacingK)
    {
        ArgumentNullException.ThrowIfNull(source);
        var spacing = source.Spacing;
        return Aligned(
            source,
            Cover(spacing.I * source.Columns, spacingI, nameof(spacingI)),
            Cover(spacing.J * source.Rows, spacingJ, nameof(spacingJ)),
            Cover(spacing.K * source.Slices, spacingK, nameof(spacingK)),
            spacingI,
            spacingJ,
            spacingK);
    }

    private static VolumeGeometry Aligned(VolumeGeometry source, int columns, int rows, int slices, double si, double sj, double sk)
    {
        var (ix, iy, iz) = source.Direction(0);
        var (jx, jy, jz) = source.Direction(1);
        var (kx, ky, kz) = source.Direction(2);
        var (cx, cy, cz) = source.Centre;
        var hi = (columns - 1) / 2.0 * si;
        var hj = (rows - 1) / 2.0 * sj;
        var hk = (slices - 1) / 2.0 * sk;
        double[] affine =
        [
            ix * si, jx * sj, kx * sk, cx - (ix * hi) - (jx * hj) - (kx * hk),
            iy * si, jy * sj, ky * sk, cy - (iy * hi) - (jy * hj) - (ky * hk),
            iz * si, jz * sj, kz * sk, cz - (iz * hi) - (jz * hj) - (kz * hk),
            0, 0, 0, 1,
        ];
        return new VolumeGeometry(columns, rows, slices, affine);
    }

    private static int Positive(int size, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, name);
        return size;
    }

    private static int Cover(double extent, double spacing, string name)
    {
        if (!(spacing > 0))
        {
            throw new ArgumentOutOfRangeException(name, spacing, "A spacing is a positive number of millimetres.");
        }

        // A hair of tolerance so that an extent of exactly n spacings gives n voxels, not n + 1.
        return Math.Max(1, (int)Math.Ceiling((extent / spacing) - 1e-6));
    }
}
