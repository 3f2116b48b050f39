namespace DicomNode.Phantom.Geometry;

/// <summary>A 3×3 rotation matrix; columns are the images of the x, y and z axes.</summary>
internal readonly record struct Rotation(Vec3 ColumnX, Vec3 ColumnY, Vec3 ColumnZ)
{
    public static readonly Rotation Identity = new(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));

    /// <summary>Rodrigues' formula: a rotation by <paramref name="radians"/> about a unit <paramref name="axis"/>.</summary>
    public static Rotation AboutAxis(Vec3 axis, double radians)
    {
        var k = axis.Normalized();
        var c = Math.Cos(radians);
        var s = Math.Sin(radians);
        var t = 1 - c;
        return new Rotation(
            new Vec3((t * k.X * k.X) + c, (t * k.X * k.Y) + (s * k.Z), (t * k.X * k.Z) - (s * k.Y)),
            new Vec3((t * k.X * k.Y) - (s * k.Z), (t * k.Y * k.Y) + c, (t * k.Y * k.Z) + (s * k.X)),
            new Vec3((t * k.X * k.Z) + (s * k.Y), (t * k.Y * k.Z) - (s * k.X), (t * k.Z * k.Z) + c));
    }

    public Vec3 Apply(Vec3 v) => (ColumnX * v.X) + (ColumnY * v.Y) + (ColumnZ * v.Z);

    /// <summary>The inverse rotation applied to <paramref name="v"/> (the transpose).</summary>
    public Vec3 ApplyInverse(Vec3 v) => new(Vec3.Dot(ColumnX, v), Vec3.Dot(ColumnY, v), Vec3.Dot(ColumnZ, v));

    public static Rotation operator *(Rotation a, Rotation b) => new(a.Apply(b.ColumnX), a.Apply(b.ColumnY), a.Apply(b.ColumnZ));

    /// <summary>A uniformly random axis and an angle up to <paramref name="maxDegrees"/> either way.</summary>
    public static Rotation Random(Random random, double maxDegrees)
    {
        var z = (random.NextDouble() * 2) - 1;
        var phi = random.NextDouble() * 2 * Math.PI;
        var r = Math.Sqrt(1 - (z * z));
        var axis = new Vec3(r * Math.Cos(phi), r * Math.Sin(phi), z);
        var angle = ((random.NextDouble() * 2) - 1) * maxDegrees * Math.PI / 180;
        return AboutAxis(axis, angle);
    }

    /// <summary>The rotation angle in degrees (from the trace).</summary>
    public double AngleDegrees => Math.Acos(Math.Clamp((ColumnX.X + ColumnY.Y + ColumnZ.Z - 1) / 2, -1, 1)) * 180 / Math.PI;
}
