using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// The wing of one ilium: a band of an ellipsoid surface (a funnel narrowing downwards to the body above the
/// acetabulum), limited in height to the crest and in azimuth from the anterior superior spine to the sacroiliac joint.
/// </summary>
internal sealed class IliacWing : Shape
{
    private readonly Ellipsoid _surface;
    private readonly double _halfThickness;
    private readonly double _side;
    private readonly double _minAzimuth;
    private readonly double _maxAzimuth;
    private readonly double _bottom;
    private readonly double _crest;

    /// <param name="side">+1 for the left (patient +x), −1 for the right.</param>
    /// <param name="minAzimuth">Azimuth (radians, in the axial plane, 0 lateral, +π/2 posterior) of the anterior edge.</param>
    public IliacWing(Vec3 centre, Vec3 radii, double halfThickness, double side, double minAzimuth, double maxAzimuth, double bottom, double crest)
        : base(
            new Vec3(Math.Min(centre.X - radii.X, centre.X + radii.X), centre.Y - radii.Y, bottom) - new Vec3(halfThickness, halfThickness, 0),
            new Vec3(Math.Max(centre.X - radii.X, centre.X + radii.X), centre.Y + radii.Y, crest) + new Vec3(halfThickness, halfThickness, 0))
    {
        _surface = new Ellipsoid(centre, radii);
        _halfThickness = halfThickness;
        _side = side;
        _minAzimuth = minAzimuth;
        _maxAzimuth = maxAzimuth;
        _bottom = bottom;
        _crest = crest;
    }

    public override double Distance(Vec3 q)
    {
        var radii = _surface.Radii;
        var shell = (Math.Abs(_surface.Rho(q) - 1) * Math.Min(radii.X, radii.Y)) - _halfThickness;
        var d = q - _surface.Centre;
        var azimuth = Math.Atan2(d.Y, _side * d.X);
        var angular = Math.Max(_minAzimuth - azimuth, azimuth - _maxAzimuth) * Math.Min(radii.X, radii.Y);
        var vertical = Math.Max(_bottom - q.Z, q.Z - _crest);
        return Math.Max(shell, Math.Max(angular, vertical));
    }
}
