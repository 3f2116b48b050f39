using DicomNode.Analysis.Components;
using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests.Bones;

public sealed class BonePostProcessorTests
{
    private static readonly (double X, double Y, double Z) Centre = (5, -20, 30);

    // A grid tilted 10° about an oblique axis whose i axis points to the patient's right (−X) and j to anterior (−Y):
    // left and right can only come out right when they are decided in patient coordinates.
    private static readonly double[] GridRotation = TestGrids.Multiply3(TestGrids.Rotation(0.3, 1, 0.2, 10), TestGrids.Rotation(0, 0, 1, 180));

    // The patient lies rotated by 8° about another axis, as the phantoms do.
    private static readonly double[] PatientRotation = TestGrids.Rotation(1, 0.2, 0.5, 8);

    [Fact]
    public void Process_KeepsTheTwoLargestOfAPairedBone_AndTheLargestOfAMidlineBone_DroppingIslands()
    {
        var (g, labels) = Pelvis();
        var ilium = Paint(labels, g, (25, 10, 0), 4, Bone.Ilium); // an island between the two ilia
        var lumbar = Paint(labels, g, (40, 30, 40), 4, Bone.LumbarVertebra); // and one beside the vertebra

        var result = BonePostProcessor.Process(labels, g);

        Assert.Equal(6, result.Findings.Count);
        Assert.Equal(2, result.Findings.Count(f => f.Bone == Bone.Ilium));
        Assert.Single(result.Findings, f => f.Bone == Bone.LumbarVertebra);
        Assert.All(ilium.Concat(lumbar), v => Assert.Equal(0, result.Labels[v]));
        Assert.All(result.Findings, f => Assert.All(f.Region.Voxels, v => Assert.Equal((byte)f.Bone, result.Labels[v])));
        Assert.Equal(result.Findings.Sum(f => f.Region.Voxels.Length), result.Labels.Count(v => v != 0));
    }

    [Fact]
    public void Process_OnARotatedObliqueGrid_PutsPositiveXOnThePatientsLeft()
    {
        var (g, labels) = Pelvis();

        var result = BonePostProcessor.Process(labels, g);

        Assert.Equal(
            [
                (Bone.LumbarVertebra, Side.Midline), (Bone.Sacrococcyx, Side.Midline),
                (Bone.Ilium, Side.Right), (Bone.Ilium, Side.Left),
                (Bone.FemoralHead, Side.Right), (Bone.FemoralHead, Side.Left),
            ],
            result.Findings.Select(f => (f.Bone, f.Side)));
        foreach (var f in result.Findings.Where(f => f.Side != Side.Midline))
        {
            var x = RegionMeasures.CentroidLps(g, f.Region.Voxels).X;
            Assert.Equal(f.Side == Side.Left, x > Centre.X);
        }

        Assert.InRange(result.MidlineX, Centre.X - 3, Centre.X + 3);
    }

    [Fact]
    public void Process_BothComponentsOnOneSide_EachKeepsItsOwnSide()
    {
        var (g, labels) = Empty();
        Paint(labels, g, (0, 0, 0), 14, Bone.Sacrococcyx);
        Paint(labels, g, (40, 0, 0), 10, Bone.FemoralHead);
        Paint(labels, g, (80, 0, 0), 9, Bone.FemoralHead);

        var result = BonePostProcessor.Process(labels, g);

        var heads = result.Findings.Where(f => f.Bone == Bone.FemoralHead).ToList();
        Assert.Equal(2, heads.Count);
        Assert.All(heads, h => Assert.Equal(Side.Left, h.Side));
        Assert.True(heads[0].VolumeCm3 > heads[1].VolumeCm3);
    }

    [Fact]
    public void Process_WithoutMidlineBones_SplitsAtTheCentroidOfAllKeptBone()
    {
        var (g, labels) = Empty();

        // Heads centred on x = +20 (patient left of the grid centre); the split must follow them, not the grid.
        Paint(labels, g, (-50, 0, 0), 10, Bone.FemoralHead);
        Paint(labels, g, (90, 0, 0), 10, Bone.FemoralHead);

        var result = BonePostProcessor.Process(labels, g);

        Assert.InRange(result.MidlineX, Centre.X + 20 - 1, Centre.X + 20 + 1);
        Assert.Equal([Side.Right, Side.Left], result.Findings.Select(f => f.Side));
    }

    [Fact]
    public void Process_VolumeIsVoxelCountTimesTheAffineDeterminant()
    {
        var (g, labels) = Pelvis();

        var result = BonePostProcessor.Process(labels, g);

        Assert.All(result.Findings, f => Assert.Equal(f.Region.Voxels.Length * 2 * 2 * 3 / 1000.0, f.VolumeCm3, 9));
        Assert.All(result.Findings, f => Assert.Same(g, f.Region.Geometry));
    }

    [Fact]
    public void Process_WithoutAnyBone_FindsNothing()
    {
        var (g, labels) = Empty();

        var result = BonePostProcessor.Process(labels, g);

        Assert.Empty(result.Findings);
        Assert.True(double.IsNaN(result.MidlineX));
    }

    [Fact]
    public void Process_ALabelAboveEight_IsRefused()
    {
        var (g, labels) = Pelvis();
        labels[g.IndexOf(1, 1, 1)] = 9;

        Assert.Throws<ArgumentException>(() => BonePostProcessor.Process(labels, g));
    }

    /// <summary>Lumbar vertebra, sacrum, ilia and femoral heads as balls, in a rotated patient on a rotated grid.</summary>
    private static (VolumeGeometry Grid, byte[] Labels) Pelvis()
    {
        var (g, labels) = Empty();
        Paint(labels, g, (0, 10, 45), 12, Bone.LumbarVertebra);
        Paint(labels, g, (0, 15, 10), 14, Bone.Sacrococcyx);
        Paint(labels, g, (-50, 5, 20), 14, Bone.Ilium);
        Paint(labels, g, (50, 5, 20), 13, Bone.Ilium);
        Paint(labels, g, (-70, -10, -25), 12, Bone.FemoralHead);
        Paint(labels, g, (70, -10, -25), 12, Bone.FemoralHead);
        return (g, labels);
    }

    private static (VolumeGeometry Grid, byte[] Labels) Empty()
    {
        var g = TestGrids.Rotated(120, 80, 45, 2, 2, 3, GridRotation, Centre);
        return (g, new byte[g.VoxelCount]);
    }

    /// <summary>Paints a ball at <paramref name="offset"/> (mm, patient frame before the patient's rotation) from the centre; returns its voxels.</summary>
    private static List<int> Paint(byte[] labels, VolumeGeometry g, (double X, double Y, double Z) offset, double radius, Bone bone)
    {
        var r = PatientRotation;
        var (x, y, z) = offset;
        var centre = (
            X: Centre.X + (r[0] * x) + (r[1] * y) + (r[2] * z),
            Y: Centre.Y + (r[3] * x) + (r[4] * y) + (r[5] * z),
            Z: Centre.Z + (r[6] * x) + (r[7] * y) + (r[8] * z));
        var ball = TestGrids.Ball(centre.X, centre.Y, centre.Z, radius);
        var voxels = new List<int>();
        for (var v = 0; v < labels.Length; v++)
        {
            var (i, j, k) = RegionMeasures.IndexToVoxel(g, v);
            var (px, py, pz) = g.ToPatient(i, j, k);
            if (ball(px, py, pz))
            {
                labels[v] = (byte)bone;
                voxels.Add(v);
            }
        }

        Assert.NotEmpty(voxels);
        return voxels;
    }
}
