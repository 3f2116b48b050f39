using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// A tube along a curve in the sagittal plane (x = 0) whose elliptic section has half-width <c>w(t)</c> along x and
/// half-depth <c>d(t)</c> in the sagittal plane, with flat ends: the sacrum and coccyx.
/// </summary>
internal sealed class SweptEllipse : Shape
{
    private readonly Vec3[] _points;
    private readonly double[] _halfWidth;
    private readonly double[] _halfDepth;

    public SweptEllipse(Func<double, Vec3> centreline, Func<double, double> halfWidth, Func<double, double> halfDepth, int samples = 48)
        : this(Sample(centreline, samples), Sample(halfWidth, samples), Sample(halfDepth, samples))
    {
    }

    private SweptEllipse(Vec3[] points, double[] halfWidth, double[] halfDepth)
        : base(Bounds(points, halfWidth, halfDepth, lower: true), Bounds(points, halfWidth, halfDepth, lower: false))
    {
        _points = points;
        _halfWidth = halfWidth;
        _halfDepth = halfDepth;
    }

    public override double Distance(Vec3 q)
    {
        // Nearest segment of the polyline, then the section's local (u across, v in the sagittal plane) coordinates.
        var best = double.MaxValue;
        var result = double.MaxValue;
        for (var i = 0; i < _points.Length - 1; i++)
        {
            var a = _points[i];
            var ab = _points[i + 1] - a;
            var t = Vec3.Dot(q - a, ab) / ab.LengthSquared;
            var isStart = i == 0 && t < 0;
            var isEnd = i == _points.Length - 2 && t > 1;
            var tc = Math.Clamp(t, 0, 1);
            var c = a + (ab * tc);
            var d = q - c;
            if (d.LengthSquared >= best)
            {
                continue;
            }

            best = d.LengthSquared;
            var tangent = ab.Normalized();
            var across = new Vec3(1, 0, 0);
            var depth = Vec3.Cross(tangent, across);
            var w = _halfWidth[i] + ((_halfWidth[i + 1] - _halfWidth[i]) * tc);
            var h = _halfDepth[i] + ((_halfDepth[i + 1] - _halfDepth[i]) * tc);
            var u = Vec3.Dot(d, across) / w;
            var v = Vec3.Dot(d, depth) / h;
            var section = (Math.Sqrt((u * u) + (v * v)) - 1) * Math.Min(w, h);
            var beyond = isStart ? -t * ab.Length : isEnd ? (t - 1) * ab.Length : double.NegativeInfinity;
            result = Math.Max(section, beyond);
        }

        return result;
    }

    private static T[] Sample<T>(Func<double, T> f, int samples)
    {
        var values = new T[samples + 1];
        for (var i = 0; i <= samples; i++)
        {
            values[i] = f((double)i / samples);
        }

        return values;
    }

    private static Vec3 Bounds(Vec3[] points, double[] w, double[] h, bool lower)
    {
        var result = points[0];
        for (var i = 0; i < points.Length; i++)
        {
            var r = Math.Max(w[i], h[i]);
            var pad = new Vec3(r, r, r);
            result = lower ? Vec3.Min(result, points[i] - pad) : Vec3.Max(result, points[i] + pad);
        }

        return result;
    }
}
