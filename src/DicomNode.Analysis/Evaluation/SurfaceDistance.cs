using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Hausdorff distance and its 95th percentile between the surfaces of two structures, in patient coordinates (mm),
/// so that anisotropic and oblique grids measure true lengths. A surface voxel is a voxel of the structure with at least
/// one of its six face neighbours outside it (or outside the grid); distances run between voxel centres.
/// </summary>
public static class SurfaceDistance
{
    /// <summary>
    /// The surface voxels (flat indices, ascending) of every non-zero label of <paramref name="volume"/>, found in one pass:
    /// entry <c>v</c> is null when label <c>v</c> does not occur. A voxel next to a different label is on its label's surface.
    /// </summary>
    public static int[]?[] SurfaceVoxels(LabelVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeGeometry g = volume.Geometry;
        ReadOnlySpan<byte> labels = volume.Labels;
        int columns = g.Columns, rows = g.Rows, slices = g.Slices;
        int plane = columns * rows;
        var lists = new List<int>?[256];
        int v = 0;
        for (int k = 0; k < slices; k++)
        {
            for (int j = 0; j < rows; j++)
            {
                for (int i = 0; i < columns; i++, v++)
                {
                    byte label = labels[v];
                    if (label == 0)
                    {
                        continue;
                    }

                    bool surface = i == 0 || i == columns - 1 || j == 0 || j == rows - 1 || k == 0 || k == slices - 1
                        || labels[v - 1] != label || labels[v + 1] != label
                        || labels[v - columns] != label || labels[v + columns] != label
                        || labels[v - plane] != label || labels[v + plane] != label;
                    if (surface)
                    {
                        (lists[label] ??= []).Add(v);
                    }
                }
            }
        }

        var result = new int[]?[256];
        for (int label = 1; label < 256; label++)
        {
            result[label] = lists[label]?.ToArray();
        }

        return result;
    }

    /// <summary>
    /// Hausdorff distance and HD95 between two surfaces given as voxel indices of <paramref name="geometry"/>
    /// (see <see cref="SurfaceDistances"/> for the definitions and the empty cases).
    /// </summary>
    public static SurfaceDistances Between(VolumeGeometry geometry, IReadOnlyList<int>? truthSurface, IReadOnlyList<int>? predictedSurface)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        int truthCount = truthSurface?.Count ?? 0;
        int predictedCount = predictedSurface?.Count ?? 0;
        if (truthCount == 0 && predictedCount == 0)
        {
            return SurfaceDistances.Identical;
        }

        if (truthCount == 0 || predictedCount == 0)
        {
            return SurfaceDistances.Undefined;
        }

        var truthPoints = Positions(geometry, truthSurface!);
        var predictedPoints = Positions(geometry, predictedSurface!);
        double[] forward = Directed(truthPoints, new PointTree(predictedPoints));
        double[] backward = Directed(predictedPoints, new PointTree(truthPoints));
        double hausdorff = Math.Max(forward[^1], backward[^1]);
        double hd95 = Math.Max(Percentile(forward, 95), Percentile(backward, 95));
        return new SurfaceDistances(hausdorff, hd95);
    }

    /// <summary>
    /// The <paramref name="percent"/>-th percentile of ascending <paramref name="sorted"/> values, interpolated linearly
    /// between the closest ranks: rank h = (n − 1)·p/100, value x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(sorted));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        double h = (sorted.Count - 1) * percent / 100;
        int lower = (int)Math.Floor(h);
        if (lower >= sorted.Count - 1)
        {
            return sorted[^1];
        }

        return sorted[lower] + ((h - lower) * (sorted[lower + 1] - sorted[lower]));
    }

    private static List<(double X, double Y, double Z)> Positions(VolumeGeometry geometry, IReadOnlyList<int> voxels)
    {
        var points = new List<(double X, double Y, double Z)>(voxels.Count);
        foreach (int v in voxels)
        {
            points.Add(EvaluationGrid.PositionOf(geometry, v));
        }

        return points;
    }

    /// <summary>For each point, the distance to the nearest point of <paramref name="tree"/>, ascending.</summary>
    private static double[] Directed(List<(double X, double Y, double Z)> from, PointTree tree)
    {
        var distances = new double[from.Count];
        for (int n = 0; n < distances.Length; n++)
        {
            var (x, y, z) = from[n];
            distances[n] = tree.NearestDistance(x, y, z);
        }

        Array.Sort(distances);
        return distances;
    }
}
