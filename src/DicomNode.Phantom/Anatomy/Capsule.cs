using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>A segment swept by a sphere whose radius varies linearly from <c>radiusA</c> to <c>radiusB</c>.</summary>
internal sealed class Capsule : Shape
{
    private readonly Vec3 _a;
    private readonly Vec3 _ab;
    private readonly double _lengthSquared;
    private readonly double _radiusA;
    private readonly double _radiusB;

    public Capsule(Vec3 a, Vec3 b, double radiusA, double radiusB)
        : base(Vec3.Min(a, b) - new Vec3(Math.Max(radiusA, radiusB), Math.Max(radiusA, radiusB), Math.Max(radiusA, radiusB)),
               Vec3.Max(a, b) + new Vec3(Math.Max(radiusA, radiusB), Math.Max(radiusA, radiusB), Math.Max(radiusA, radiusB)))
    {
        _a = a;
        _ab = b - a;
        _lengthSquared = Math.Max(_ab.LengthSquared, 1e-9);
        _radiusA = radiusA;
        _radiusB = radiusB;
    }

    public Capsule(Vec3 a, Vec3 b, double radius)
        : this(a, b, radius, radius)
    {
    }

    public override double Distance(Vec3 q)
    {
        var t = Math.Clamp(Vec3.Dot(q - _a, _ab) / _lengthSquared, 0, 1);
        var closest = _a + (_ab * t);
        return (q - closest).Length - (_radiusA + ((_radiusB - _radiusA) * t));
    }
}
