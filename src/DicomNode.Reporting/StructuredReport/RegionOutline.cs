using DicomNode.Analysis.Findings;

namespace DicomNode.Reporting.StructuredReport;

/// <summary>
/// Where a viewer draws a finding: the slice on which the finding's region has most voxels, and on that slice the
/// outer boundary of its largest connected part, traced along pixel edges, as a closed polyline in the source image's
/// pixel coordinates (PS3.3 C.18.6.1.1: column then row, (0,0) the top left corner of the top left pixel, so pixel
/// (i, j) covers [i, i+1] × [j, j+1]).
/// </summary>
/// <param name="Slice">The slice index k in the series geometry (the source image of the SCOORD).</param>
/// <param name="Points">Column, row pairs; the first point is repeated last (a closed POLYLINE, PS3.3 C.18.6.1.2).</param>
/// <param name="PixelCount">Voxels of the region on that slice: the area drawn is this many pixels, holes included in none.</param>
internal sealed record RegionOutline(int Slice, float[] Points, int PixelCount)
{
    /// <summary>The outline of <paramref name="region"/>; null for an empty region.</summary>
    public static RegionOutline? Of(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (region.Voxels.Length == 0)
        {
            return null;
        }

        var geometry = region.Geometry;
        var perSlice = geometry.Columns * geometry.Rows;
        // Largest slice; the lower k on a tie, so that the choice is stable.
        var slice = region.Voxels.GroupBy(v => v / perSlice).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First();
        var pixels = slice.Select(v => v % perSlice).ToHashSet();
        var loop = LargestBoundary(pixels, geometry.Columns);
        return new RegionOutline(slice.Key, loop, pixels.Count);
    }

    /// <summary>
    /// Every pixel edge between a pixel of the set and one outside it, directed so that the set lies on its right in
    /// image coordinates (rows grow downwards), chained into loops; the loop enclosing the largest area is the outer
    /// boundary of the largest part. Where two parts touch only at a corner, the chain turns so that each part gets a
    /// loop of its own.
    /// </summary>
    private static float[] LargestBoundary(HashSet<int> pixels, int columns)
    {
        bool In(int i, int j) => i >= 0 && j >= 0 && i < columns && pixels.Contains(i + (j * columns));

        // Directed edges keyed by their start corner; a corner may start two edges (parts touching at a corner).
        var edges = new Dictionary<(int X, int Y), List<(int X, int Y)>>();
        void Add((int, int) from, (int, int) to)
        {
            if (!edges.TryGetValue(from, out var list))
            {
                edges[from] = list = new List<(int X, int Y)>(2);
            }

            list.Add(to);
        }

        foreach (var p in pixels)
        {
            int i = p % columns, j = p / columns;
            if (!In(i, j - 1))
            {
                Add((i, j), (i + 1, j)); // top edge, left to right
            }

            if (!In(i + 1, j))
            {
                Add((i + 1, j), (i + 1, j + 1)); // right edge, downwards
            }

            if (!In(i, j + 1))
            {
                Add((i + 1, j + 1), (i, j + 1)); // bottom edge, right to left
            }

            if (!In(i - 1, j))
            {
                Add((i, j + 1), (i, j)); // left edge, upwards
            }
        }

        List<(int X, int Y)>? best = null;
        var bestArea = double.MinValue;
        while (edges.Count > 0)
        {
            var start = edges.Keys.Min();
            var loop = new List<(int X, int Y)> { start };
            var at = start;
            (int X, int Y)? cameFrom = null;
            while (true)
            {
                var next = Take(edges, at, cameFrom);
                cameFrom = at;
                at = next;
                if (at == start)
                {
                    break;
                }

                loop.Add(at);
            }

            var area = Math.Abs(SignedArea(loop));
            if (area > bestArea)
            {
                bestArea = area;
                best = loop;
            }
        }

        var corners = Simplify(best!);
        var points = new float[(corners.Count + 1) * 2];
        for (var n = 0; n <= corners.Count; n++)
        {
            var (x, y) = corners[n % corners.Count];
            points[2 * n] = x;
            points[(2 * n) + 1] = y;
        }

        return points;
    }

    /// <summary>Removes and returns the edge leaving <paramref name="at"/>; of two, the one that turns right (keeps a part's loop apart from a part touching it at this corner).</summary>
    private static (int X, int Y) Take(Dictionary<(int X, int Y), List<(int X, int Y)>> edges, (int X, int Y) at, (int X, int Y)? cameFrom)
    {
        var list = edges[at];
        var index = 0;
        if (list.Count > 1 && cameFrom is { } from)
        {
            var (dx, dy) = (at.X - from.X, at.Y - from.Y);
            // Right turn in image coordinates (y down): (dx, dy) → (-dy, dx).
            index = list.FindIndex(t => t.X - at.X == -dy && t.Y - at.Y == dx);
            index = index < 0 ? 0 : index;
        }

        var to = list[index];
        list.RemoveAt(index);
        if (list.Count == 0)
        {
            edges.Remove(at);
        }

        return to;
    }

    private static double SignedArea(List<(int X, int Y)> loop)
    {
        double sum = 0;
        for (var n = 0; n < loop.Count; n++)
        {
            var (x0, y0) = loop[n];
            var (x1, y1) = loop[(n + 1) % loop.Count];
            sum += ((double)x0 * y1) - ((double)x1 * y0);
        }

        return sum / 2;
    }

    /// <summary>Keeps only the corners where the direction changes.</summary>
    private static List<(int X, int Y)> Simplify(List<(int X, int Y)> loop)
    {
        var corners = new List<(int X, int Y)>();
        for (var n = 0; n < loop.Count; n++)
        {
            var previous = loop[(n + loop.Count - 1) % loop.Count];
            var here = loop[n];
            var next = loop[(n + 1) % loop.Count];
            if ((here.X - previous.X) * (next.Y - here.Y) != (here.Y - previous.Y) * (next.X - here.X))
            {
                corners.Add(here);
            }
        }

        return corners;
    }
}
