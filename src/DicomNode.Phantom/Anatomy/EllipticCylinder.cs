using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>A vertical (z) cylinder of elliptic section, from <c>zLow</c> to <c>zHigh</c>, with edges rounded by <c>rounding</c> mm.</summary>
internal sealed class EllipticCylinder : Shape
{
    private readonly Vec3 _centre;
    private readonly double _rx;
    private readonly double _ry;
    private readonly double _halfHeight;
    private readonly double _rounding;

    public EllipticCylinder(Vec3 centre, double rx, double ry, double halfHeight, double rounding)
        : base(centre - new Vec3(rx, ry, halfHeight), centre + new Vec3(rx, ry, halfHeight))
    {
        _centre = centre;
        _rx = rx;
        _ry = ry;
        _halfHeight = halfHeight;
        _rounding = rounding;
    }

    public override double Distance(Vec3 q)
    {
        var d = q - _centre;
        var rho = Math.Sqrt(Math.Pow(d.X / _rx, 2) + Math.Pow(d.Y / _ry, 2));
        // Rounded-box style combination of the radial and vertical distances, shrunk by the rounding radius.
        var radial = ((rho - 1) * Math.Min(_rx, _ry)) + _rounding;
        var vertical = Math.Abs(d.Z) - _halfHeight + _rounding;
        var outside = Math.Sqrt(Math.Pow(Math.Max(radial, 0), 2) + Math.Pow(Math.Max(vertical, 0), 2));
        return outside + Math.Min(Math.Max(radial, vertical), 0) - _rounding;
    }
}
