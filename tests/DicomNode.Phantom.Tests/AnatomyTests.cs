using DicomNode.Phantom.Anatomy;
using DicomNode.Phantom.Geometry;
using DicomNode.Phantom.Imaging;

namespace DicomNode.Phantom.Tests;

public sealed class AnatomyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void BoneLabels_FormFourteenConnectedDomains_OnePerMidlineBoneAndTwoPerPairedBone(int seed)
    {
        // A 1.5 mm isotropic grid over the subject frame, 6-connectivity per label.
        var model = PhantomSubject.Create(seed).Model;
        const double Step = 1.5;
        var nx = (int)((model.Upper.X - model.Lower.X) / Step);
        var ny = (int)((model.Upper.Y - model.Lower.Y) / Step);
        var nz = (int)((model.Upper.Z - model.Lower.Z) / Step);
        var labels = new byte[nx * ny * nz];
        var sides = new byte[labels.Length];
        Parallel.For(0, nz, k =>
        {
            for (var j = 0; j < ny; j++)
            {
                for (var i = 0; i < nx; i++)
                {
                    var q = model.Lower + new Vec3(i * Step, j * Step, k * Step);
                    var (label, side) = model.LabelledBoneAt(q);
                    labels[i + (nx * (j + (ny * k)))] = (byte)label;
                    sides[i + (nx * (j + (ny * k)))] = (byte)side;
                }
            }
        });

        var total = 0;
        foreach (var label in Enum.GetValues<BoneLabel>().Where(l => l != BoneLabel.None))
        {
            var components = ConnectedComponents.Sizes(labels, nx, ny, nz, (byte)label);
            var paired = label is not (BoneLabel.LumbarVertebra or BoneLabel.Sacrococcyx);
            Assert.True(components.Count == (paired ? 2 : 1), $"seed {seed}: {label} has {components.Count} components ({string.Join(", ", components)} voxels) {Isolated(labels, nx, ny, nz, (byte)label, model.Lower, Step)}");
            if (paired)
            {
                foreach (var side in new[] { Side.Left, Side.Right })
                {
                    var perSide = ConnectedComponents.Sizes(labels, nx, ny, nz, (byte)label, v => sides[v] == (byte)side);
                    Assert.Single(perSide);
                }
            }

            total += components.Count;
        }

        Assert.Equal(14, total);
    }

    private static string Isolated(byte[] labels, int nx, int ny, int nz, byte value, Vec3 lower, double step)
    {
        var found = new List<string>();
        for (var v = 0; v < labels.Length && found.Count < 4; v++)
        {
            int i = v % nx, j = v / nx % ny, k = v / (nx * ny);
            if (labels[v] == value && i > 0 && j > 0 && k > 0 && i < nx - 1 && j < ny - 1 && k < nz - 1
                && labels[v - 1] != value && labels[v + 1] != value && labels[v - nx] != value && labels[v + nx] != value
                && labels[v - (nx * ny)] != value && labels[v + (nx * ny)] != value)
            {
                var q = lower + new Vec3(i * step, j * step, k * step);
                found.Add($"({q.X:F1},{q.Y:F1},{q.Z:F1})");
            }
        }

        return string.Join(' ', found);
    }

    [Fact]
    public void Subject_IsAPureFunctionOfTheSeed()
    {
        var a = PhantomSubject.Create(11);
        var b = PhantomSubject.Create(11);
        Assert.Equal(a.Pose, b.Pose);
        Assert.Equal(a.Metastases.Select(m => (m.Bone, m.Side, m.VolumeCm3, m.Shape.Centre)), b.Metastases.Select(m => (m.Bone, m.Side, m.VolumeCm3, m.Shape.Centre)));
        Assert.Equal(a.Nodes.Select(n => (n.ShortAxisMm, n.Shape.Centre)), b.Nodes.Select(n => (n.ShortAxisMm, n.Shape.Centre)));
        Assert.True(a.Pose.Rotation.AngleDegrees <= 10.0001);
    }

    [Fact]
    public void Lesions_CoverTheRequiredRanges_AcrossSeeds()
    {
        var subjects = Enumerable.Range(1, 40).Select(PhantomSubject.Create).ToList();
        var metastases = subjects.SelectMany(s => s.Metastases).ToList();
        var nodes = subjects.SelectMany(s => s.Nodes).ToList();
        Assert.Contains(subjects, s => s.Metastases.Count == 0 && s.Nodes.Count == 0);
        Assert.Contains(metastases, m => m.VolumeCm3 < 0.2);
        Assert.Contains(metastases, m => m.VolumeCm3 >= 0.2);

        // Both sides of each threshold, with the guard band between them kept clear.
        Assert.All(metastases, m => Assert.True(m.VolumeCm3 is >= 0.01 and <= 0.08 or >= 0.25 and <= 40, $"metastasis of {m.VolumeCm3:F3} cm³"));
        Assert.All(nodes, n => Assert.True(n.ShortAxisMm is >= 3 and <= 6.5 || n.ShortAxisMm is >= 10 and <= 25, $"node short axis {n.ShortAxisMm:F2} mm"));
        Assert.Contains(nodes, n => n.Suspicious);
        Assert.Contains(nodes, n => !n.Suspicious);
    }
}
