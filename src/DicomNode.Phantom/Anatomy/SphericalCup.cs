using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// A thick spherical shell (inner to outer radius) with the hemisphere-like cap around <c>opening</c> removed:
/// the acetabular cup around a femoral head.
/// </summary>
internal sealed class SphericalCup : Shape
{
    private readonly Vec3 _centre;
    private readonly double _inner;
    private readonly double _outer;
    private readonly Vec3 _opening;
    private readonly double _rimCosine;

    public SphericalCup(Vec3 centre, double inner, double outer, Vec3 opening, double rimCosine)
        : base(centre - new Vec3(outer, outer, outer), centre + new Vec3(outer, outer, outer))
    {
        _centre = centre;
        _inner = inner;
        _outer = outer;
        _opening = opening.Normalized();
        _rimCosine = rimCosine;
    }

    public override double Distance(Vec3 q)
    {
        var d = q - _centre;
        var r = d.Length;
        var shell = Math.Max(_inner - r, r - _outer);
        var cosine = r > 0 ? Vec3.Dot(d, _opening) / r : 0;
        var rim = (cosine - _rimCosine) * r;
        return Math.Max(shell, rim);
    }
}
