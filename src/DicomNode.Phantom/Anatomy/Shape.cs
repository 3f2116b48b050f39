using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// An implicit solid in the subject frame: <see cref="Distance"/> is negative inside, zero on the surface and
/// roughly the distance in millimetres near it. The axis-aligned bounds let a query skip the shape cheaply.
/// </summary>
internal abstract class Shape
{
    protected Shape(Vec3 lower, Vec3 upper)
    {
        Lower = lower;
        Upper = upper;
    }

    public Vec3 Lower { get; }

    public Vec3 Upper { get; }

    public bool MayContain(Vec3 q) =>
        q.X >= Lower.X && q.X <= Upper.X && q.Y >= Lower.Y && q.Y <= Upper.Y && q.Z >= Lower.Z && q.Z <= Upper.Z;

    public bool Contains(Vec3 q) => MayContain(q) && Distance(q) <= 0;

    /// <summary>Whether <paramref name="q"/> is within the bounds grown by <paramref name="margin"/>.</summary>
    public bool MayContainWithin(Vec3 q, double margin) =>
        q.X >= Lower.X - margin && q.X <= Upper.X + margin && q.Y >= Lower.Y - margin && q.Y <= Upper.Y + margin
        && q.Z >= Lower.Z - margin && q.Z <= Upper.Z + margin;

    public abstract double Distance(Vec3 q);
}
