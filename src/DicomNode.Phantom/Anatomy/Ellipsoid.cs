using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>An ellipsoid with semi-axes <see cref="Radii"/> along the columns of <see cref="Axes"/>.</summary>
internal sealed class Ellipsoid : Shape
{
    public Ellipsoid(Vec3 centre, Vec3 radii, Rotation axes)
        : base(centre - Extent(radii, axes), centre + Extent(radii, axes))
    {
        Centre = centre;
        Radii = radii;
        Axes = axes;
    }

    public Ellipsoid(Vec3 centre, Vec3 radii)
        : this(centre, radii, Rotation.Identity)
    {
    }

    public Vec3 Centre { get; }

    public Vec3 Radii { get; }

    public Rotation Axes { get; }

    public double Volume => 4.0 / 3.0 * Math.PI * Radii.X * Radii.Y * Radii.Z;

    /// <summary>The normalised radius: below 1 inside.</summary>
    public double Rho(Vec3 q)
    {
        var local = Axes.ApplyInverse(q - Centre);
        var x = local.X / Radii.X;
        var y = local.Y / Radii.Y;
        var z = local.Z / Radii.Z;
        return Math.Sqrt((x * x) + (y * y) + (z * z));
    }

    public override double Distance(Vec3 q) => (Rho(q) - 1) * Math.Min(Radii.X, Math.Min(Radii.Y, Radii.Z));

    /// <summary>Half the width of the rotated ellipsoid along each patient axis (its tight bounding box).</summary>
    private static Vec3 Extent(Vec3 radii, Rotation axes)
    {
        double Along(Func<Vec3, double> axis) => Math.Sqrt(
            Math.Pow(axis(axes.ColumnX) * radii.X, 2) + Math.Pow(axis(axes.ColumnY) * radii.Y, 2) + Math.Pow(axis(axes.ColumnZ) * radii.Z, 2));
        return new Vec3(Along(v => v.X), Along(v => v.Y), Along(v => v.Z));
    }
}
