using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// One side's ilium, ischium and pubis: a union of primitives outside the acetabular cup's sphere and lateral of the
/// sacroiliac gap, divided by planes — above <see cref="RoofZ"/> ilium, else behind y = −6 ischium, else pubis
/// (which stops 2.5 mm from the midline at the symphysis).
/// </summary>
internal sealed record HipBone(Side Side, Shape[] Parts, Shape CupSphere, Func<double, double> SacroiliacGap, double RoofZ)
{
    private const double IschiumPubisPlaneY = -6;
    private const double SymphysisHalfGap = 2.5;

    public Vec3 Lower { get; } = Parts.Select(p => p.Lower).Aggregate(Vec3.Min);

    public Vec3 Upper { get; } = Parts.Select(p => p.Upper).Aggregate(Vec3.Max);

    public BoneLabel? LabelAt(Vec3 q)
    {
        var lateral = BonePart.SideSign(Side) * q.X;
        if (lateral < SymphysisHalfGap || q.X < Lower.X || q.X > Upper.X || q.Y < Lower.Y || q.Y > Upper.Y || q.Z < Lower.Z || q.Z > Upper.Z)
        {
            return null;
        }

        if (!Parts.Any(p => p.Contains(q)) || CupSphere.Contains(q))
        {
            return null;
        }

        if (q.Z > RoofZ)
        {
            return lateral < SacroiliacGap(q.Z) ? null : BoneLabel.Ilium;
        }

        return q.Y > IschiumPubisPlaneY ? BoneLabel.Ischium : BoneLabel.Pubis;
    }
}
