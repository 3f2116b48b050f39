namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// A static 3-d tree over points in patient space for nearest-neighbour distances: built once by median splits on the
/// axis of widest spread, stored implicitly (the median of each range is its node), queried with branch pruning.
/// </summary>
internal sealed class PointTree
{
    private readonly Point[] _points;
    private readonly byte[] _axis;

    public PointTree(IReadOnlyList<(double X, double Y, double Z)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("A tree needs at least one point.", nameof(points));
        }

        _points = new Point[points.Count];
        for (int n = 0; n < points.Count; n++)
        {
            _points[n] = new Point(points[n].X, points[n].Y, points[n].Z);
        }

        _axis = new byte[_points.Length];
        Build(0, _points.Length);
    }

    /// <summary>The Euclidean distance from (x, y, z) to the nearest point of the tree.</summary>
    public double NearestDistance(double x, double y, double z)
    {
        double best = double.PositiveInfinity;
        Search(0, _points.Length, x, y, z, ref best);
        return Math.Sqrt(best);
    }

    private void Build(int lo, int hi)
    {
        while (hi - lo > 1)
        {
            int axis = WidestAxis(lo, hi);
            int mid = lo + ((hi - lo) / 2);
            Span<Point> range = _points.AsSpan(lo, hi - lo);
            range.Sort((a, b) => a[axis].CompareTo(b[axis]));
            _axis[mid] = (byte)axis;
            Build(lo, mid);
            lo = mid + 1;
        }
    }

    private int WidestAxis(int lo, int hi)
    {
        Span<double> min = [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity];
        Span<double> max = [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity];
        for (int n = lo; n < hi; n++)
        {
            for (int a = 0; a < 3; a++)
            {
                double value = _points[n][a];
                min[a] = Math.Min(min[a], value);
                max[a] = Math.Max(max[a], value);
            }
        }

        int widest = 0;
        for (int a = 1; a < 3; a++)
        {
            if (max[a] - min[a] > max[widest] - min[widest])
            {
                widest = a;
            }
        }

        return widest;
    }

    private void Search(int lo, int hi, double x, double y, double z, ref double best)
    {
        while (hi > lo)
        {
            int mid = lo + ((hi - lo) / 2);
            ref readonly Point p = ref _points[mid];
            double dx = p.X - x, dy = p.Y - y, dz = p.Z - z;
            double squared = (dx * dx) + (dy * dy) + (dz * dz);
            if (squared < best)
            {
                best = squared;
            }

            if (hi - lo == 1)
            {
                return;
            }

            int axis = _axis[mid];
            double delta = (axis == 0 ? x : axis == 1 ? y : z) - p[axis];
            (int nearLo, int nearHi, int farLo, int farHi) = delta < 0 ? (lo, mid, mid + 1, hi) : (mid + 1, hi, lo, mid);
            Search(nearLo, nearHi, x, y, z, ref best);
            if (delta * delta >= best)
            {
                return;
            }

            // The far side can still hold a nearer point: continue there without growing the stack.
            lo = farLo;
            hi = farHi;
        }
    }

    private readonly record struct Point(double X, double Y, double Z)
    {
        public double this[int axis] => axis switch { 0 => X, 1 => Y, _ => Z };
    }
}
