namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// One primitive of a bone: the label and side it carries, and the rules that carve joints out of it
/// (a ball around the femoral head for the hip bone, a margin from the sacrum for the ilium, the symphysis gap).
/// </summary>
internal sealed record BonePart(Shape Shape, BoneLabel Label, Side Side, Shape? Excluded = null, double ExcludedMargin = 0, double MinLateral = double.NegativeInfinity)
{
    public bool Contains(Geometry.Vec3 q)
    {
        if (!Shape.Contains(q))
        {
            return false;
        }

        if (Side != Side.Midline && SideSign(Side) * q.X < MinLateral)
        {
            return false;
        }

        return Excluded is null || !Excluded.MayContainWithin(q, ExcludedMargin) || Excluded.Distance(q) > ExcludedMargin;
    }

    public static double SideSign(Side side) => side == Side.Right ? -1 : 1;
}
