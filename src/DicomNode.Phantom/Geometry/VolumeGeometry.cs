namespace DicomNode.Phantom.Geometry;

/// <summary>
/// A stack of parallel image planes in patient coordinates (PS3.3 C.7.6.2): voxel (i, j, k) is column i,
/// row j of slice k, at <c>Origin + i·ColumnSpacing·RowDirection + j·RowSpacing·ColumnDirection + k·SliceStep</c>.
/// <see cref="Origin"/> is the centre of the first transmitted pixel of the first slice.
/// </summary>
internal sealed record VolumeGeometry(
    int Columns,
    int Rows,
    int Slices,
    double ColumnSpacing,
    double RowSpacing,
    double SliceThickness,
    Vec3 RowDirection,
    Vec3 ColumnDirection,
    Vec3 SliceStep,
    Vec3 Origin)
{
    /// <summary>Spacing between adjacent slice centres.</summary>
    public double SliceSpacing => SliceStep.Length;

    public Vec3 Normal => Vec3.Cross(RowDirection, ColumnDirection);

    public int VoxelCount => Columns * Rows * Slices;

    public double VoxelVolumeMm3 => ColumnSpacing * RowSpacing * SliceSpacing;

    /// <summary>Patient position of a (possibly fractional) voxel index.</summary>
    public Vec3 Position(double i, double j, double k) =>
        Origin + (RowDirection * (i * ColumnSpacing)) + (ColumnDirection * (j * RowSpacing)) + (SliceStep * k);

    /// <summary>ImagePositionPatient of slice <paramref name="k"/>.</summary>
    public Vec3 SlicePosition(int k) => Origin + (SliceStep * k);

    public int Index(int i, int j, int k) => i + (Columns * (j + (Rows * k)));

    /// <summary>The same grid as the imaging library describes it: a row-major LPS affine whose columns are the i, j and k steps and the origin.</summary>
    public global::DicomNode.Imaging.Geometry.VolumeGeometry ToImaging()
    {
        var i = RowDirection * ColumnSpacing;
        var j = ColumnDirection * RowSpacing;
        var k = SliceStep;
        var o = Origin;
        return new(Columns, Rows, Slices, [i.X, j.X, k.X, o.X, i.Y, j.Y, k.Y, o.Y, i.Z, j.Z, k.Z, o.Z, 0, 0, 0, 1]);
    }

    /// <summary>
    /// A stack of <paramref name="slices"/> planes centred on <paramref name="centre"/>, oriented by
    /// <paramref name="plane"/> (identity: true axial, rows left-to-right, columns anterior-to-posterior);
    /// slices run towards the head, or towards the feet when <paramref name="headFirstDescending"/>.
    /// </summary>
    public static VolumeGeometry Centred(
        Vec3 centre, Rotation plane, int columns, int rows, int slices, double pixelSpacing, double sliceThickness, double sliceSpacing, bool headFirstDescending)
    {
        var rowDirection = plane.Apply(new Vec3(1, 0, 0));
        var columnDirection = plane.Apply(new Vec3(0, 1, 0));
        var normal = Vec3.Cross(rowDirection, columnDirection);
        var step = normal * (headFirstDescending ? -sliceSpacing : sliceSpacing);
        var origin = centre
            - (rowDirection * ((columns - 1) / 2.0 * pixelSpacing))
            - (columnDirection * ((rows - 1) / 2.0 * pixelSpacing))
            - (step * ((slices - 1) / 2.0));
        return new VolumeGeometry(columns, rows, slices, pixelSpacing, pixelSpacing, sliceThickness, rowDirection, columnDirection, step, origin);
    }
}
