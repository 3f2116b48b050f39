using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Components;

/// <summary>Volume and centre of a set of voxels, measured in patient space through the grid's affine.</summary>
public static class RegionMeasures
{
    /// <summary>The volume of one voxel in mm³: |det| of the affine's 3×3 part (exact for oblique and sheared grids).</summary>
    public static double VoxelVolumeMm3(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var a = geometry.Affine;
        var det = (a[0] * ((a[5] * a[10]) - (a[6] * a[9])))
            - (a[1] * ((a[4] * a[10]) - (a[6] * a[8])))
            + (a[2] * ((a[4] * a[9]) - (a[5] * a[8])));
        return Math.Abs(det);
    }

    /// <summary>The volume in cm³ of <paramref name="voxelCount"/> voxels of <paramref name="geometry"/>.</summary>
    public static double VolumeCm3(VolumeGeometry geometry, int voxelCount) => voxelCount * VoxelVolumeMm3(geometry) / 1000;

    /// <summary>The (i, j, k) of a flat voxel index (i fastest, then j, then k).</summary>
    public static (int I, int J, int K) IndexToVoxel(VolumeGeometry geometry, int index)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var plane = geometry.Columns * geometry.Rows;
        var k = index / plane;
        var rest = index - (k * plane);
        var j = rest / geometry.Columns;
        return (rest - (j * geometry.Columns), j, k);
    }

    /// <summary>
    /// The mean of the voxel centres in patient coordinates (LPS, mm). The affine is linear, so this is the affine
    /// image of the mean voxel index.
    /// </summary>
    public static (double X, double Y, double Z) CentroidLps(VolumeGeometry geometry, ReadOnlySpan<int> voxels)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (voxels.IsEmpty)
        {
            throw new ArgumentException("An empty region has no centroid.", nameof(voxels));
        }

        double si = 0, sj = 0, sk = 0;
        foreach (var v in voxels)
        {
            var (i, j, k) = IndexToVoxel(geometry, v);
            si += i;
            sj += j;
            sk += k;
        }

        double n = voxels.Length;
        return geometry.ToPatient(si / n, sj / n, sk / n);
    }

    /// <summary>The Euclidean distance between two patient positions in mm.</summary>
    public static double Distance((double X, double Y, double Z) a, (double X, double Y, double Z) b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        var dz = a.Z - b.Z;
        return Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
    }
}
