using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// The anatomy of one subject in its own frame (mm; +x left, +y posterior, +z head; origin midway between the
/// femoral head centres): the eight labelled bones as 14 domains, unlabelled bone (femoral shafts, L4), discs and
/// the soft tissues. A pure function of <see cref="AnatomyParameters"/>.
/// </summary>
internal sealed class PelvisModel
{
    private readonly List<BonePart> _bones = [];
    private readonly List<HipBone> _hips = [];
    private readonly List<Shape> _unlabelledBone = [];
    private readonly List<Shape> _discs = [];
    private readonly List<(Shape Shape, Tissue Tissue)> _softTissue = [];
    private readonly Shape _sacrum;
    private readonly AnatomyParameters _p;

    public PelvisModel(AnatomyParameters p)
    {
        _p = p;
        var sacrumTop = p.SacrumTop;
        _sacrum = new SweptEllipse(
            t => new Vec3(0, 40 + (p.SacralCurve * Math.Sin(Math.PI * t)) + (15 * t), sacrumTop - (120 * t)),
            t => (p.SacrumHalfWidth * Math.Pow(1 - t, 1.3)) + 5,
            t => (17 * (1 - t)) + 4);

        // Priority order: the first part that contains a point names it.
        AddLumbarVertebra(sacrumTop);
        _bones.Add(new BonePart(_sacrum, BoneLabel.Sacrococcyx, Side.Midline));
        foreach (var side in new[] { Side.Left, Side.Right })
        {
            AddHip(side);
        }

        AddSoftTissue(sacrumTop);
        Lower = new Vec3(-150, -75, -90);
        Upper = new Vec3(150, 105, 140);
    }

    /// <summary>A box in the subject frame around every labelled bone.</summary>
    public Vec3 Lower { get; }

    public Vec3 Upper { get; }

    public AnatomyParameters Parameters => _p;

    /// <summary>The labelled bone at <paramref name="q"/>, or <see cref="BoneLabel.None"/>.</summary>
    public (BoneLabel Label, Side Side) LabelledBoneAt(Vec3 q)
    {
        foreach (var part in _bones)
        {
            if (part.Contains(q))
            {
                return (part.Label, part.Side);
            }
        }

        foreach (var hip in _hips)
        {
            if (hip.LabelAt(q) is { } label)
            {
                return (label, hip.Side);
            }
        }

        return (BoneLabel.None, Side.Midline);
    }

    /// <summary>The box around every part of one labelled bone.</summary>
    public (Vec3 Lower, Vec3 Upper) BoundsOf(BoneLabel label, Side side)
    {
        var lower = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var upper = -lower;
        foreach (var part in _bones.Where(b => b.Label == label && b.Side == side))
        {
            lower = Vec3.Min(lower, part.Shape.Lower);
            upper = Vec3.Max(upper, part.Shape.Upper);
        }

        foreach (var hip in _hips.Where(h => h.Side == side && label is BoneLabel.Ilium or BoneLabel.Ischium or BoneLabel.Pubis))
        {
            lower = Vec3.Min(lower, hip.Lower);
            upper = Vec3.Max(upper, hip.Upper);
        }

        return (lower, upper);
    }

    /// <summary>Whether <paramref name="q"/> is inside the body outline.</summary>
    public bool InsideBody(Vec3 q) => BodyRho(q) <= 1;

    /// <summary>The tissue at a point that is in no labelled bone and no lesion.</summary>
    public Tissue UnlabelledTissueAt(Vec3 q)
    {
        var rho = BodyRho(q);
        if (rho > 1)
        {
            return Tissue.Air;
        }

        foreach (var shape in _unlabelledBone)
        {
            if (shape.Contains(q))
            {
                return Tissue.BoneMarrow;
            }
        }

        foreach (var shape in _discs)
        {
            if (shape.Contains(q))
            {
                return Tissue.IntervertebralDisc;
            }
        }

        if (rho > 1 - (_p.FatThickness / Math.Min(_p.BodyRadiusX, _p.BodyRadiusY)))
        {
            return Tissue.Fat;
        }

        foreach (var (shape, tissue) in _softTissue)
        {
            if (shape.Contains(q))
            {
                return tissue;
            }
        }

        return Tissue.Muscle;
    }

    private double BodyRho(Vec3 q)
    {
        // The waist narrows above the iliac crest; the hips are widest at the trochanters.
        var widening = 0.9 + (0.16 * Math.Clamp((110 - q.Z) / 110, 0, 1));
        var x = q.X / (_p.BodyRadiusX * widening);
        var y = (q.Y - 8) / _p.BodyRadiusY;
        return Math.Sqrt((x * x) + (y * y));
    }

    private void AddLumbarVertebra(double sacrumTop)
    {
        var bodyBottom = sacrumTop + 10;
        var z = bodyBottom + 11.5;
        _bones.Add(new BonePart(new EllipticCylinder(new Vec3(0, 30, z), 26, 19, 11.5, 3), BoneLabel.LumbarVertebra, Side.Midline));
        foreach (var s in new[] { 1.0, -1.0 })
        {
            _bones.Add(new BonePart(new Capsule(new Vec3(s * 12, 44, z + 2), new Vec3(s * 13, 57, z + 2), 5.5), BoneLabel.LumbarVertebra, Side.Midline));
            _bones.Add(new BonePart(new Capsule(new Vec3(s * 13, 57, z + 2), new Vec3(0, 66, z), 5), BoneLabel.LumbarVertebra, Side.Midline));
            _bones.Add(new BonePart(new Capsule(new Vec3(s * 12, 52, z + 3), new Vec3(s * 40, 58, z + 5), 6, 4.5), BoneLabel.LumbarVertebra, Side.Midline));
        }

        _bones.Add(new BonePart(new Capsule(new Vec3(0, 64, z), new Vec3(0, 88, z - 8), 6, 4.5), BoneLabel.LumbarVertebra, Side.Midline));

        // L4 above (unlabelled bone) and the two discs; the spinal canal holds CSF.
        _discs.Add(new EllipticCylinder(new Vec3(0, 32, (sacrumTop + bodyBottom) / 2), 25, 18, 4.5, 2));
        _discs.Add(new EllipticCylinder(new Vec3(0, 30, bodyBottom + 27), 25, 18, 4, 2));
        _unlabelledBone.Add(new EllipticCylinder(new Vec3(0, 29, bodyBottom + 43), 26, 19, 12, 3));
        _softTissue.Add((new EllipticCylinder(new Vec3(0, 54, z + 20), 10, 7, 45, 2), Tissue.CerebrospinalFluid));
    }

    private void AddHip(Side side)
    {
        var s = BonePart.SideSign(side);
        var r = _p.HeadRadius;
        var hx = _p.HeadHalfDistance;
        var head = new Vec3(s * hx, 0, 0);
        var joint = new Ellipsoid(head, new Vec3(r, r, r));
        const double Cartilage = 2.5;

        // The ilium, ischium and pubis begin at the outer surface of the cup, so no sliver of them is left between cup and head.
        var cupOuter = new Ellipsoid(head, new Vec3(r + 13, r + 13, r + 13));

        _bones.Add(new BonePart(joint, BoneLabel.FemoralHead, side));
        var neckDirection = new Vec3(s * 0.72, 0.12, -0.68).Normalized();
        _bones.Add(new BonePart(new Capsule(head + (neckDirection * (r * 0.5)), head + (neckDirection * (r + 26)), 0.62 * r, 0.7 * r), BoneLabel.FemoralNeck, side));

        var trochanter = head + (neckDirection * (r + 34)) + new Vec3(s * 6, 6, 4);
        _unlabelledBone.Add(new Ellipsoid(trochanter, new Vec3(15, 18, 22)));
        _unlabelledBone.Add(new Capsule(trochanter + new Vec3(0, 4, -8), new Vec3(s * (hx + 20), 12, -280), 15, 13));

        _bones.Add(new BonePart(new SphericalCup(head, r + Cartilage, r + 13, new Vec3(s, -0.4, -0.65), 0.1), BoneLabel.Acetabulum, side));

        // The rest of the hip bone is one union of primitives, divided into ilium, ischium and pubis by planes
        // (above the acetabular roof: ilium; behind y = -6: ischium; in front: pubis), so no primitive's
        // grazing overlap with another leaves a stray fragment. Nothing of it enters the cup's sphere.
        var sacrumHalfWidth = _p.SacrumHalfWidth;
        var sacrumTop = _p.SacrumTop;
        double SacroiliacGap(double z) => (sacrumHalfWidth * Math.Pow(1 - Math.Clamp((sacrumTop - z) / 120, 0, 1), 1.3)) + 5 + 3;
        var hip = new Shape[]
        {
            new Capsule(new Vec3(s * (hx - 6), 12, r + 2), new Vec3(s * (hx - 8), 18, 62), 17, 15),
            new IliacWing(new Vec3(s * 42, -2, _p.Crest + 4), new Vec3(_p.WingRadiusX, _p.WingRadiusY, 100), _p.WingHalfThickness, s, -35 * Math.PI / 180, 92 * Math.PI / 180, 26, _p.Crest),
            new Capsule(new Vec3(s * (hx - 14), 18, -14), new Vec3(s * (hx - 24), 30, -54), 14, 12),
            new Ellipsoid(new Vec3(s * (hx - 26), 34, -62), new Vec3(13, 15, 12)),
            new Capsule(new Vec3(s * (hx - 28), 28, -66), new Vec3(s * 42, -4, -64), 7.5, 6.5),
            new Capsule(new Vec3(s * (hx - 28), -20, -6), new Vec3(s * 11, -36, -30), 11, 9),
            new Ellipsoid(new Vec3(s * 13, -38, -40), new Vec3(9, 10, 16)),
            new Capsule(new Vec3(s * 13, -32, -52), new Vec3(s * 42, -4, -64), 7, 6.5),
        };
        _hips.Add(new HipBone(side, hip, cupOuter, SacroiliacGap, RoofZ: r * 0.35));
    }

    private void AddSoftTissue(double sacrumTop)
    {
        foreach (var s in new[] { 1.0, -1.0 })
        {
            // Iliac vessels: common, external (to the femoral vessels in front of the head), internal; veins beside arteries.
            var bifurcation = new Vec3(s * 26, 25, 92);
            _softTissue.Add((new Capsule(new Vec3(s * 4, 18, 150), bifurcation, 6), Tissue.Vessel));
            _softTissue.Add((new Capsule(bifurcation, new Vec3(s * 55, -8, 25), 4.5), Tissue.Vessel));
            _softTissue.Add((new Capsule(new Vec3(s * 55, -8, 25), new Vec3(s * 70, -34, -18), 4.5), Tissue.Vessel));
            _softTissue.Add((new Capsule(bifurcation + new Vec3(-s * 6, 8, 0), new Vec3(s * 47, 0, 25), 6), Tissue.Vessel));
            _softTissue.Add((new Capsule(new Vec3(s * 47, 0, 25), new Vec3(s * 62, -26, -18), 6), Tissue.Vessel));
            _softTissue.Add((new Capsule(bifurcation, new Vec3(s * 42, 52, 45), 4), Tissue.Vessel));
            _softTissue.Add((new Capsule(new Vec3(s * 34, 45, 150), new Vec3(s * 70, -8, 5), 16, 13), Tissue.Muscle));
            // Ischioanal fossae.
            _softTissue.Add((new Ellipsoid(new Vec3(s * 32, 42, -62), new Vec3(16, 24, 22)), Tissue.Fat));
        }

        _softTissue.Add((new Ellipsoid(new Vec3(0, -30, -6), new Vec3(_p.BladderRadiusX, _p.BladderRadiusY, _p.BladderRadiusZ)), Tissue.Bladder));
        var rr = _p.RectumRadius;
        _softTissue.Add((new Capsule(new Vec3(0, 25, sacrumTop - 7), new Vec3(0, 40, 25), rr * 0.9, rr), Tissue.Rectum));
        _softTissue.Add((new Capsule(new Vec3(0, 40, 25), new Vec3(0, 38, -25), rr), Tissue.Rectum));
        _softTissue.Add((new Capsule(new Vec3(0, 38, -25), new Vec3(0, 28, -62), rr, rr * 0.7), Tissue.Rectum));
        // Small bowel and sigmoid fill the upper pelvis; fat surrounds the pelvic organs below.
        _softTissue.Add((new Ellipsoid(new Vec3(0, -5, 85), new Vec3(75, 55, 50)), Tissue.Bowel));
        _softTissue.Add((new Ellipsoid(new Vec3(0, 8, 0), new Vec3(52, 52, 55)), Tissue.Fat));
    }
}
