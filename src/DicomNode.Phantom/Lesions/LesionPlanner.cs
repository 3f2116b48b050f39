using DicomNode.Phantom.Anatomy;
using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Lesions;

/// <summary>Draws the metastases and lymph nodes of one subject: a pure function of the random stream and the anatomy.</summary>
internal static class LesionPlanner
{
    /// <summary>The guard band around the 0.2 cm³ counting threshold: no metastasis between these volumes.</summary>
    public const double SubThresholdMaxCm3 = 0.08, CountedMinCm3 = 0.25;

    private const double MinimumVolumeCm3 = 0.01;

    private static readonly (BoneLabel Bone, double Weight)[] BoneWeights =
    [
        (BoneLabel.Ilium, 3), (BoneLabel.Sacrococcyx, 2.5), (BoneLabel.Acetabulum, 1.5), (BoneLabel.LumbarVertebra, 1.2),
        (BoneLabel.Pubis, 1), (BoneLabel.Ischium, 1), (BoneLabel.FemoralHead, 0.6), (BoneLabel.FemoralNeck, 0.6),
    ];

    public static List<Metastasis> PlanMetastases(Random random, PelvisModel model, Pose pose)
    {
        var result = new List<Metastasis>();
        var count = random.NextDouble() < 0.35 ? 0 : random.Next(1, 7);
        for (var n = 0; n < count; n++)
        {
            var bone = Choose(random);
            var side = bone is BoneLabel.LumbarVertebra or BoneLabel.Sacrococcyx ? Side.Midline : (random.Next(2) == 0 ? Side.Left : Side.Right);
            // A quarter under the 0.2 cm³ counting threshold, the rest log-uniform from 0.3 to 40 cm³: a guard band on
            // each side, so that the truth stays decidable from the images. A lesion of 0.1–0.2 cm³ rasterises to
            // anything from nothing to twice its volume on 7–8.4 mm DWI slices, depending on where the slices cut it;
            // at 0.03–0.08 cm³ no slice position brings it to 0.2 cm³.
            var target = random.NextDouble() < 0.25 ? 0.03 + (0.05 * random.NextDouble()) : Math.Exp(Math.Log(0.3) + (random.NextDouble() * Math.Log(40 / 0.3)));
            if (Place(random, model, pose, bone, side, target, result) is { } lesion)
            {
                result.Add(lesion with { Id = (byte)(result.Count + 1) });
            }
        }

        return result;
    }

    public static List<LymphNode> PlanNodes(Random random, PelvisModel model, Pose pose, Func<Vec3, Tissue> tissueAt)
    {
        var result = new List<LymphNode>();
        var count = random.NextDouble() < 0.35 ? 0 : random.Next(1, 6);
        for (var n = 0; n < count; n++)
        {
            var side = random.Next(2) == 0 ? Side.Left : Side.Right;
            var s = BonePart.SideSign(side);
            var (chain, path) = random.Next(3) switch
            {
                0 => ("external iliac", new[] { new Vec3(s * 26, 25, 92), new Vec3(s * 55, -8, 25), new Vec3(s * 70, -34, -18) }),
                1 => ("internal iliac", new[] { new Vec3(s * 26, 25, 92), new Vec3(s * 42, 52, 45) }),
                _ => ("obturator", new[] { new Vec3(s * 44, -12, 2), new Vec3(s * 44, 18, -20) }),
            };
            // Benign 3–6.5 mm or suspicious 10–25 mm, never near the 8 mm threshold: measured on the DWI, whose slices are
            // 7–8.4 mm apart, a short axis is known to about 1.4 mm (PhantomStudyTests), so a truth of 7.9 or 8.1 mm
            // would be a coin toss rather than a test.
            var shortAxis = random.NextDouble() < 0.5 ? 3 + (3.5 * random.NextDouble()) : 10 + (15 * random.NextDouble());
            var longAxis = shortAxis * (1 + (0.8 * random.NextDouble()));
            var middle = shortAxis + ((longAxis - shortAxis) * random.NextDouble());
            var radii = new Vec3(shortAxis / 2, middle / 2, longAxis / 2);
            for (var attempt = 0; attempt < 60; attempt++)
            {
                var segment = random.Next(path.Length - 1);
                var along = path[segment] + ((path[segment + 1] - path[segment]) * random.NextDouble());
                var offset = RandomUnit(random) * (7 + (radii.Z * (0.6 + random.NextDouble())));
                var centre = pose.ToPatient(along + offset);
                var shape = new Ellipsoid(centre, radii, Rotation.Random(random, 180));
                if (IsClear(random, shape, tissueAt, result))
                {
                    result.Add(new LymphNode((byte)(101 + result.Count), chain, side, shape));
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The volume (cm³) of <paramref name="shape"/> inside the given bone, counted on a grid of step <paramref name="step"/> mm.</summary>
    public static double ClippedVolume(Ellipsoid shape, BoneLabel bone, Side side, PelvisModel model, Pose pose, double step)
    {
        long inside = 0;
        var lower = shape.Lower;
        var nx = (int)Math.Ceiling((shape.Upper.X - lower.X) / step);
        var ny = (int)Math.Ceiling((shape.Upper.Y - lower.Y) / step);
        var nz = (int)Math.Ceiling((shape.Upper.Z - lower.Z) / step);
        for (var k = 0; k < nz; k++)
        {
            for (var j = 0; j < ny; j++)
            {
                for (var i = 0; i < nx; i++)
                {
                    var p = lower + new Vec3((i + 0.5) * step, (j + 0.5) * step, (k + 0.5) * step);
                    if (shape.Contains(p) && model.LabelledBoneAt(pose.ToSubject(p)) == (bone, side))
                    {
                        inside++;
                    }
                }
            }
        }

        return inside * step * step * step / 1000;
    }

    private static Metastasis? Place(Random random, PelvisModel model, Pose pose, BoneLabel bone, Side side, double targetCm3, List<Metastasis> placed)
    {
        var (lower, upper) = model.BoundsOf(bone, side);
        Metastasis? best = null;
        var bestFraction = 0.0;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            Vec3 centre;
            var tries = 0;
            do
            {
                centre = lower + Vec3.Scale(upper - lower, new Vec3(random.NextDouble(), random.NextDouble(), random.NextDouble()));
            }
            while (model.LabelledBoneAt(centre) != (bone, side) && ++tries < 5000);

            var radius = Math.Cbrt(3 * targetCm3 * 1000 / (4 * Math.PI));
            var a = Math.Exp((random.NextDouble() - 0.5) * 0.5);
            var b = Math.Exp((random.NextDouble() - 0.5) * 0.5);
            var radii = new Vec3(a, b, 1 / (a * b)) * radius;
            var shape = new Ellipsoid(pose.ToPatient(centre), radii, Rotation.Random(random, 180));
            if (placed.Any(m => (m.Shape.Centre - shape.Centre).Length < MaxRadius(m.Shape) + MaxRadius(shape) + 2))
            {
                continue;
            }

            // A coarse estimate chooses; the fine grid measures the chosen one.
            var fraction = ClippedVolume(shape, bone, side, model, pose, radius / 5) / targetCm3;
            if (fraction > bestFraction)
            {
                bestFraction = fraction;
                best = new Metastasis(0, bone, side, shape, 0);
            }

            if (fraction >= 0.8 - (attempt * 0.012))
            {
                break;
            }
        }

        if (best is null)
        {
            return null;
        }

        var step = Math.Clamp(Math.Cbrt(best.Shape.Volume) / 30, 0.15, 0.6);
        var volume = ClippedVolume(best.Shape, bone, side, model, pose, step);
        // Clipping to the bone can shrink a lesion into the guard band around 0.2 cm³; such a lesion is not placed.
        return volume is >= MinimumVolumeCm3 and <= SubThresholdMaxCm3 or >= CountedMinCm3 ? best with { VolumeCm3 = volume } : null;
    }

    private static bool IsClear(Random random, Ellipsoid shape, Func<Vec3, Tissue> tissueAt, List<LymphNode> placed)
    {
        if (placed.Any(n => (n.Shape.Centre - shape.Centre).Length < MaxRadius(n.Shape) + MaxRadius(shape) + 2))
        {
            return false;
        }

        for (var i = 0; i < 400; i++)
        {
            // Points on the surface grown by 1.5 mm and inside: the node touches no bone, vessel or organ.
            var u = RandomUnit(random);
            var scale = i % 2 == 0 ? 1.0 : Math.Cbrt(random.NextDouble());
            var local = Vec3.Scale(u, shape.Radii + new Vec3(1.5, 1.5, 1.5)) * scale;
            var p = shape.Centre + shape.Axes.Apply(local);
            var tissue = tissueAt(p);
            if (tissue is not (Tissue.Fat or Tissue.Muscle))
            {
                return false;
            }
        }

        return true;
    }

    private static double MaxRadius(Ellipsoid e) => Math.Max(e.Radii.X, Math.Max(e.Radii.Y, e.Radii.Z));

    private static Vec3 RandomUnit(Random random)
    {
        var z = (random.NextDouble() * 2) - 1;
        var phi = random.NextDouble() * 2 * Math.PI;
        var r = Math.Sqrt(1 - (z * z));
        return new Vec3(r * Math.Cos(phi), r * Math.Sin(phi), z);
    }

    private static BoneLabel Choose(Random random)
    {
        var x = random.NextDouble() * BoneWeights.Sum(w => w.Weight);
        foreach (var (bone, weight) in BoneWeights)
        {
            x -= weight;
            if (x < 0)
            {
                return bone;
            }
        }

        return BoneWeights[^1].Bone;
    }
}
