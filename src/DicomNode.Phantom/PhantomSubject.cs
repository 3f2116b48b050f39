using System.Globalization;
using DicomNode.Phantom.Anatomy;
using DicomNode.Phantom.Geometry;
using DicomNode.Phantom.Lesions;

namespace DicomNode.Phantom;

/// <summary>
/// One synthetic subject: size, pose, shape and lesions, all a pure function of the seed. Each aspect draws from
/// its own random stream, so adding a parameter to one does not move the others.
/// </summary>
internal sealed class PhantomSubject
{
    private PhantomSubject(int seed, PelvisModel model, Pose pose)
    {
        Seed = seed;
        Model = model;
        Pose = pose;
    }

    public int Seed { get; }

    /// <summary>Folder and patient identifier, e.g. <c>phantom-0007</c>.</summary>
    public string Name => "phantom-" + Seed.ToString("D4", CultureInfo.InvariantCulture);

    public PelvisModel Model { get; }

    public Pose Pose { get; }

    public IReadOnlyList<Metastasis> Metastases { get; private set; } = [];

    public IReadOnlyList<LymphNode> Nodes { get; private set; } = [];

    public static PhantomSubject Create(int seed)
    {
        var anatomy = AnatomyParameters.Draw(Streams.For(seed, "anatomy"));
        var poseRandom = Streams.For(seed, "pose");
        var overall = 0.9 + (0.2 * poseRandom.NextDouble());
        Vec3 scale = new Vec3(1 + Jitter(poseRandom, 0.04), 1 + Jitter(poseRandom, 0.04), 1 + Jitter(poseRandom, 0.04)) * overall;
        var rotation = Rotation.Random(poseRandom, 10);
        var translation = new Vec3(Jitter(poseRandom, 15), Jitter(poseRandom, 15) - 10, Jitter(poseRandom, 20) + 30);
        var subject = new PhantomSubject(seed, new PelvisModel(anatomy), new Pose(scale, rotation, translation));
        subject.Metastases = LesionPlanner.PlanMetastases(Streams.For(seed, "metastases"), subject.Model, subject.Pose);
        subject.Nodes = LesionPlanner.PlanNodes(Streams.For(seed, "nodes"), subject.Model, subject.Pose, p => subject.Classify(p).Tissue);
        return subject;
    }

    /// <summary>What lies at patient position <paramref name="p"/> (LPS, mm).</summary>
    public Sample Classify(Vec3 p)
    {
        var q = Pose.ToSubject(p);
        if (!Model.InsideBody(q))
        {
            return Sample.Air;
        }

        var (bone, side) = Model.LabelledBoneAt(q);
        if (bone != BoneLabel.None)
        {
            foreach (var m in Metastases)
            {
                if (m.Bone == bone && m.Side == side && m.Shape.Contains(p))
                {
                    return new Sample(Tissue.Metastasis, bone, side, m.Id);
                }
            }

            return new Sample(Tissue.BoneMarrow, bone, side, 0);
        }

        var tissue = Model.UnlabelledTissueAt(q);
        if (tissue is Tissue.Fat or Tissue.Muscle)
        {
            foreach (var n in Nodes)
            {
                if (n.Shape.Contains(p))
                {
                    return new Sample(Tissue.LymphNode, BoneLabel.None, Side.Midline, n.Id);
                }
            }
        }

        return new Sample(tissue, BoneLabel.None, Side.Midline, 0);
    }

    /// <summary>The subject-frame point the scans are centred on (mid-pelvis), in patient coordinates.</summary>
    public Vec3 ScanCentre => Pose.ToPatient(new Vec3(0, 12, 22));

    private static double Jitter(Random random, double amplitude) => ((random.NextDouble() * 2) - 1) * amplitude;
}
