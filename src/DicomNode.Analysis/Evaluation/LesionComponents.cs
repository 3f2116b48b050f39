using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Evaluation;

/// <summary>Lesions of a label volume: one per label value, or one per 26-connected component.</summary>
public static class LesionComponents
{
    /// <summary>One lesion per label value that <paramref name="include"/> accepts (its id is the value), in ascending value order.</summary>
    public static IReadOnlyList<Lesion> ByLabelValue(LabelVolume volume, Func<int, bool> include)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(include);
        var accepted = Accepted(include);
        var lists = new List<int>?[256];
        ReadOnlySpan<byte> labels = volume.Labels;
        for (int v = 0; v < labels.Length; v++)
        {
            byte value = labels[v];
            if (accepted[value])
            {
                (lists[value] ??= []).Add(v);
            }
        }

        var lesions = new List<Lesion>();
        for (int value = 1; value < 256; value++)
        {
            if (lists[value] is { } voxels)
            {
                lesions.Add(new Lesion(value, value, [.. voxels]));
            }
        }

        return lesions;
    }

    /// <summary>
    /// The 26-connected components of the voxels whose label value <paramref name="include"/> accepts. Neighbouring voxels
    /// join only when they hold the same value, so a file that numbers its lesions keeps them apart and a binary mask splits
    /// into its clusters. Components are numbered 1, 2, … in the order of their first voxel (i fastest, then j, then k).
    /// </summary>
    public static IReadOnlyList<Lesion> Connected(LabelVolume volume, Func<int, bool> include)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(include);
        var accepted = Accepted(include);
        VolumeGeometry g = volume.Geometry;
        byte[] labels = volume.Labels;
        int columns = g.Columns, rows = g.Rows, slices = g.Slices;
        int plane = columns * rows;
        var visited = new bool[labels.Length];
        var lesions = new List<Lesion>();
        var queue = new Queue<int>();
        for (int seed = 0; seed < labels.Length; seed++)
        {
            byte value = labels[seed];
            if (!accepted[value] || visited[seed])
            {
                continue;
            }

            var voxels = new List<int>();
            visited[seed] = true;
            queue.Enqueue(seed);
            while (queue.TryDequeue(out int v))
            {
                voxels.Add(v);
                int k = v / plane;
                int j = (v - (k * plane)) / columns;
                int i = v - (k * plane) - (j * columns);
                for (int dk = -1; dk <= 1; dk++)
                {
                    int nk = k + dk;
                    if ((uint)nk >= (uint)slices)
                    {
                        continue;
                    }

                    for (int dj = -1; dj <= 1; dj++)
                    {
                        int nj = j + dj;
                        if ((uint)nj >= (uint)rows)
                        {
                            continue;
                        }

                        for (int di = -1; di <= 1; di++)
                        {
                            int ni = i + di;
                            if ((uint)ni >= (uint)columns)
                            {
                                continue;
                            }

                            int n = ni + (columns * (nj + (rows * nk)));
                            if (!visited[n] && labels[n] == value)
                            {
                                visited[n] = true;
                                queue.Enqueue(n);
                            }
                        }
                    }
                }
            }

            voxels.Sort();
            lesions.Add(new Lesion(lesions.Count + 1, value, [.. voxels]));
        }

        return lesions;
    }

    private static bool[] Accepted(Func<int, bool> include)
    {
        var accepted = new bool[256];
        for (int value = 1; value < 256; value++)
        {
            accepted[value] = include(value);
        }

        return accepted;
    }
}
