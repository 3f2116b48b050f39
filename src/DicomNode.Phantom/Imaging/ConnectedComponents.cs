namespace DicomNode.Phantom.Imaging;

/// <summary>3D connected components of one value in a label volume (6-connectivity, faces only), by breadth-first flood fill.</summary>
internal static class ConnectedComponents
{
    /// <summary>The voxel count of each component of voxels equal to <paramref name="value"/>, largest first.</summary>
    public static List<int> Sizes(byte[] labels, int nx, int ny, int nz, byte value, Func<int, bool>? include = null)
    {
        var seen = new bool[labels.Length];
        var sizes = new List<int>();
        var queue = new Queue<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (seen[start] || labels[start] != value || (include is not null && !include(start)))
            {
                continue;
            }

            var size = 0;
            seen[start] = true;
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var v = queue.Dequeue();
                size++;
                var i = v % nx;
                var j = v / nx % ny;
                var k = v / (nx * ny);
                Visit(i > 0, v - 1);
                Visit(i < nx - 1, v + 1);
                Visit(j > 0, v - nx);
                Visit(j < ny - 1, v + nx);
                Visit(k > 0, v - (nx * ny));
                Visit(k < nz - 1, v + (nx * ny));
            }

            sizes.Add(size);
        }

        sizes.Sort((a, b) => b.CompareTo(a));
        return sizes;

        void Visit(bool inside, int n)
        {
            if (inside && !seen[n] && labels[n] == value && (include is null || include(n)))
            {
                seen[n] = true;
                queue.Enqueue(n);
            }
        }
    }
}
