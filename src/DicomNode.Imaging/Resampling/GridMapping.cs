using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Resampling;

/// <summary>
/// The affine from one grid's voxel indices to another's through patient space: target index → patient (the target
/// affine) → source index (the inverse source affine). Works for any pair of affines, oblique ones included.
/// </summary>
internal readonly struct GridMapping
{
    private readonly double[] _m;

    public GridMapping(VolumeGeometry from, VolumeGeometry to)
    {
        _m = AffineMatrix.Multiply(AffineMatrix.Invert(to.Affine), from.Affine);
    }

    public double[] Matrix => _m;

    /// <summary>The image in the other grid of voxel (0, j, k), and the step for each increment of i.</summary>
    public void Row(int j, int k, out double x, out double y, out double z, out double dx, out double dy, out double dz)
    {
        x = (_m[1] * j) + (_m[2] * k) + _m[3];
        y = (_m[5] * j) + (_m[6] * k) + _m[7];
        z = (_m[9] * j) + (_m[10] * k) + _m[11];
        dx = _m[0];
        dy = _m[4];
        dz = _m[8];
    }
}
