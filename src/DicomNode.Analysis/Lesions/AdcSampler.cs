using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Lesions;

/// <summary>
/// Reads an ADC map at the patient positions of another series' voxels: each voxel centre goes through the source
/// affine to patient space and through the inverse of the map's affine to a continuous map index, where the map is
/// interpolated trilinearly. The map covers each of its voxels out to half a voxel beyond the centres; a point outside
/// that footprint is skipped, and next to the edge the missing neighbours are replaced by the edge voxels (clamping).
/// </summary>
/// <remarks>
/// Trilinear rather than nearest: when the lesion's series is the map's own grid (the usual DWI/ADC pair) both give the
/// map's exact values at the voxel centres, and on the 2 mm T1 grid inside the 7–8 mm DWI slices trilinear varies
/// smoothly instead of in slice-thick steps.
/// </remarks>
internal sealed class AdcSampler
{
    private readonly ImageVolume _map;
    private readonly double[] _inverse;

    public AdcSampler(ImageVolume map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Voxels.Length != map.Geometry.VoxelCount)
        {
            throw new ArgumentException(
                $"The ADC map holds {map.Voxels.Length} voxels; its geometry has {map.Geometry.VoxelCount}.", nameof(map));
        }

        _map = map;
        _inverse = AffineMatrix.Invert(map.Geometry.Affine);
    }

    /// <summary>The mean of the map over the voxel centres of <paramref name="voxels"/> of <paramref name="source"/> that fall inside it; null when none does.</summary>
    public double? Mean(VolumeGeometry source, ReadOnlySpan<int> voxels)
    {
        ArgumentNullException.ThrowIfNull(source);

        // Source index → map index in one affine: inverse(map) · source.
        var toMap = AffineMatrix.Multiply(_inverse, source.Affine);
        double sum = 0;
        var count = 0;
        int nx = source.Columns, plane = source.Columns * source.Rows;
        foreach (var v in voxels)
        {
            var k = v / plane;
            var rest = v - (k * plane);
            var j = rest / nx;
            var i = rest - (j * nx);
            var (mi, mj, mk) = AffineMatrix.Transform(toMap, i, j, k);
            if (Sample(mi, mj, mk) is { } value)
            {
                sum += value;
                count++;
            }
        }

        return count == 0 ? null : sum / count;
    }

    /// <summary>The map at continuous index (i, j, k); null outside its footprint.</summary>
    public double? Sample(double i, double j, double k)
    {
        var g = _map.Geometry;
        if (!Inside(i, g.Columns) || !Inside(j, g.Rows) || !Inside(k, g.Slices))
        {
            return null;
        }

        var (i0, i1, ti) = Corners(i, g.Columns);
        var (j0, j1, tj) = Corners(j, g.Rows);
        var (k0, k1, tk) = Corners(k, g.Slices);
        var m = _map.Voxels;
        double At(int a, int b, int c) => m[a + (g.Columns * (b + (g.Rows * c)))];
        var c00 = Lerp(At(i0, j0, k0), At(i1, j0, k0), ti);
        var c10 = Lerp(At(i0, j1, k0), At(i1, j1, k0), ti);
        var c01 = Lerp(At(i0, j0, k1), At(i1, j0, k1), ti);
        var c11 = Lerp(At(i0, j1, k1), At(i1, j1, k1), ti);
        return Lerp(Lerp(c00, c10, tj), Lerp(c01, c11, tj), tk);
    }

    private static bool Inside(double x, int size) => x >= -0.5 && x <= size - 0.5;

    private static (int Low, int High, double T) Corners(double x, int size)
    {
        var low = (int)Math.Floor(x);
        var t = x - low;
        return (Math.Clamp(low, 0, size - 1), Math.Clamp(low + 1, 0, size - 1), t);
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);
}
