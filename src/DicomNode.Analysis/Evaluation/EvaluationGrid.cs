using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;

namespace DicomNode.Analysis.Evaluation;

/// <summary>Facts about the grid two label volumes are compared on.</summary>
public static class EvaluationGrid
{
    /// <summary>How far (mm) the corners of two grids may lie apart and still be one grid: NIfTI stores the affine as float32.</summary>
    public const double ToleranceMm = 0.05;

    /// <summary>The volume of one voxel in mm³: the absolute determinant of the affine's linear part (exact for oblique and sheared grids).</summary>
    public static double VoxelVolumeMm3(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        double[] a = geometry.Affine;
        double det = (a[0] * ((a[5] * a[10]) - (a[6] * a[9])))
            - (a[1] * ((a[4] * a[10]) - (a[6] * a[8])))
            + (a[2] * ((a[4] * a[9]) - (a[5] * a[8])));
        return Math.Abs(det);
    }

    /// <summary>Refuses two volumes that are not on one grid: voxel-wise metrics would compare unrelated voxels.</summary>
    /// <exception cref="ArgumentException">The sizes differ or the corners lie more than <see cref="ToleranceMm"/> apart.</exception>
    public static void RequireSameGrid(VolumeGeometry truth, VolumeGeometry prediction)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prediction);
        if (truth.Columns != prediction.Columns || truth.Rows != prediction.Rows || truth.Slices != prediction.Slices)
        {
            throw new ArgumentException(
                $"the prediction is {prediction.Columns}×{prediction.Rows}×{prediction.Slices} voxels, the truth {truth.Columns}×{truth.Rows}×{truth.Slices}: not one grid.");
        }

        double distance = truth.CornerDistanceMm(prediction);
        if (distance > ToleranceMm)
        {
            throw new ArgumentException($"the prediction's grid lies up to {distance:0.###} mm from the truth's: not one grid.");
        }
    }

    /// <summary>
    /// <paramref name="prediction"/> on the truth's grid when both hold the same voxels in another index order — a series
    /// stored with its slices in acquisition order (e.g. head to feet) against one sorted along the slice normal — else
    /// unchanged (and <see cref="RequireSameGrid"/> then refuses it if it is not one grid).
    /// </summary>
    public static LabelVolume OnTruthGrid(LabelVolume prediction, VolumeGeometry truth)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(truth);
        VolumeGeometry p = prediction.Geometry;
        if ((long)p.Columns * p.Rows * p.Slices != (long)truth.Columns * truth.Rows * truth.Slices || truth.CornerDistanceMm(p) <= ToleranceMm)
        {
            return prediction;
        }

        // Every corner voxel of the truth must be a voxel centre of the prediction (within a hundredth of a voxel).
        for (int corner = 0; corner < 8; corner++)
        {
            var (x, y, z) = truth.ToPatient((corner & 1) == 0 ? 0 : truth.Columns - 1, (corner & 2) == 0 ? 0 : truth.Rows - 1, (corner & 4) == 0 ? 0 : truth.Slices - 1);
            var (i, j, k) = p.ToVoxel(x, y, z);
            if (Math.Abs(i - Math.Round(i)) > 0.01 || Math.Abs(j - Math.Round(j)) > 0.01 || Math.Abs(k - Math.Round(k)) > 0.01
                || Math.Round(i) < 0 || Math.Round(i) >= p.Columns || Math.Round(j) < 0 || Math.Round(j) >= p.Rows || Math.Round(k) < 0 || Math.Round(k) >= p.Slices)
            {
                return prediction;
            }
        }

        return LabelResampler.Nearest(prediction, truth);
    }

    /// <summary>The patient position (LPS, mm) of the voxel at flat index <paramref name="index"/>.</summary>
    internal static (double X, double Y, double Z) PositionOf(VolumeGeometry geometry, int index)
    {
        int plane = geometry.Columns * geometry.Rows;
        int k = index / plane;
        int rest = index - (k * plane);
        int j = rest / geometry.Columns;
        int i = rest - (j * geometry.Columns);
        return geometry.ToPatient(i, j, k);
    }
}
