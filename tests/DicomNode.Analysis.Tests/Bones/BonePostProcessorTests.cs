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

        // Two balls have no axes that tell a turn: the midline is the line through them.
        Assert.Equal(MidlineBasis.MidlineBonesLine, result.Midline.Basis);
        Assert.InRange(result.Midline.XAt(Centre.Y, Centre.Z), Centre.X - 3, Centre.X + 3);
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
    public void Process_WithoutMidlineBones_SplitsAtTheMeanXOfThePairedBones()
    {
        var (g, labels) = Empty();

        // Heads centred on x = +20 (patient left of the grid centre); the split must follow them, not the grid.
        Paint(labels, g, (-50, 0, 0), 10, Bone.FemoralHead);
        Paint(labels, g, (90, 0, 0), 10, Bone.FemoralHead);

        var result = BonePostProcessor.Process(labels, g);

        Assert.Equal(MidlineBasis.PairedBones, result.Midline.Basis);
        Assert.InRange(result.Midline.XAt(0, 0), Centre.X + 20 - 1, Centre.X + 20 + 1);
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
        Assert.Equal(MidlineBasis.FieldOfView, result.Midline.Basis);
        Assert.Equal(g.Centre.X, result.Midline.XAt(0, 0), 9);
    }

    [Fact]
    public void Process_ALabelAboveEight_IsRefused()
    {
        var (g, labels) = Pelvis();
        labels[g.IndexOf(1, 1, 1)] = 9;

        Assert.Throws<ArgumentException>(() => BonePostProcessor.Process(labels, g));
    }

    [Fact]
    public void Process_APubisLabelledAsOnePieceAcrossTheMidline_IsSplitIntoLeftAndRight()
    {
        // Issue 19 (GE-profile phantom 8081): the model's pubis label joined both pubic bones at the symphysis, the one
        // component took the side of its centroid, and a metastasis in the right pubis was reported as left.
        var (g, labels) = Pelvis();
        var bar = PaintShape(labels, g, (x, y, z) => Math.Abs(x) <= 35 && Math.Abs(y + 40) <= 6 && Math.Abs(z + 45) <= 6, Bone.Pubis);

        var result = BonePostProcessor.Process(labels, g);

        var pubis = result.Findings.Where(f => f.Bone == Bone.Pubis).ToList();
        Assert.Equal([Side.Right, Side.Left], pubis.Select(p => p.Side));
        Assert.Equal(bar.Order(), pubis.SelectMany(p => p.Region.Voxels).Order());
        foreach (var p in pubis)
        {
            Assert.All(p.Region.Voxels, v => Assert.Equal(p.Side, result.Midline.SideOf(Lps(g, v))));
            Assert.InRange(p.Region.Voxels.Length, bar.Count * 0.4, bar.Count * 0.6);
        }
    }

    [Fact]
    public void Process_APatientTurnedAboutTheLongAxis_SplitsThePubisAtTheTurnedMidline_NotAtTheSpinesX()
    {
        // Turned 12° about z (yaw): the symphysis, 90 mm anterior of the spine's centre, lies 19 mm to one side of the spine's
        // mean X. Only a midline that follows the turn (the plane's y term) splits the pubis at the symphysis.
        var turn = TestGrids.Rotation(0, 0, 1, 12);
        var (g, labels) = Empty();
        PaintShape(labels, g, (x, y, z) => Math.Abs(x) <= 10 && y >= 0 && y <= 50 && Math.Abs(z - 50) <= 12, Bone.LumbarVertebra, turn);
        PaintShape(labels, g, (x, y, z) => Math.Abs(x) <= 14 && Math.Abs(y - 25 - (0.5 * z)) <= 8 && z >= -20 && z <= 30, Bone.Sacrococcyx, turn);
        var right = PaintShape(labels, g, (x, y, z) => x >= -30 && x <= -0.5 && Math.Abs(y + 65) <= 6 && Math.Abs(z + 40) <= 8, Bone.Pubis, turn);
        var left = PaintShape(labels, g, (x, y, z) => x >= 0.5 && x <= 30 && Math.Abs(y + 65) <= 6 && Math.Abs(z + 40) <= 8, Bone.Pubis, turn);

        var result = BonePostProcessor.Process(labels, g);

        Assert.Equal(MidlineBasis.MidlineBonesPlane, result.Midline.Basis);
        var pubis = result.Findings.Where(f => f.Bone == Bone.Pubis).ToList();
        Assert.Equal([Side.Right, Side.Left], pubis.Select(p => p.Side));
        var rightKept = pubis[0].Region.Voxels.Intersect(right).Count();
        var leftKept = pubis[1].Region.Voxels.Intersect(left).Count();
        Assert.True(rightKept >= right.Count * 0.97, $"{rightKept} of {right.Count} right pubis voxels called right");
        Assert.True(leftKept >= left.Count * 0.97, $"{leftKept} of {left.Count} left pubis voxels called left");
    }

    [Fact]
    public void Midline_FromASingleSlabOfMidlineBone_FallsBackToItsMeanX()
    {
        var g = TestGrids.Axial(40, 40, 3, 2, 2, 2, (-39, -39, -2));
        var labels = new byte[g.VoxelCount];
        TestGrids.Fill(labels, g, (20, 24), (20, 22), (1, 2), (byte)Bone.Sacrococcyx); // 4 × 2 × 1 voxels: no spread in y or z
        TestGrids.Fill(labels, g, (2, 8), (5, 10), (0, 3), (byte)Bone.Ilium);

        var result = BonePostProcessor.Process(labels, g);

        Assert.Equal(MidlineBasis.MidlineBonesMean, result.Midline.Basis);
        Assert.Equal(g.ToPatient(21.5, 0, 0).X, result.Midline.XAt(123, -45), 9);
        Assert.Equal(Side.Right, result.Findings.Single(f => f.Bone == Bone.Ilium).Side);
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

    /// <summary>
    /// Paints every voxel whose position, taken back into the patient's own frame (before <paramref name="pose"/>, else
    /// the test patient's rotation), satisfies <paramref name="inside"/> (mm from the centre); returns its voxels.
    /// </summary>
    private static List<int> PaintShape(byte[] labels, VolumeGeometry g, Func<double, double, double, bool> inside, Bone bone, double[]? pose = null)
    {
        var r = pose ?? PatientRotation;
        var voxels = new List<int>();
        for (var v = 0; v < labels.Length; v++)
        {
            var (px, py, pz) = Lps(g, v);
            (px, py, pz) = (px - Centre.X, py - Centre.Y, pz - Centre.Z);

            // The transpose of a rotation is its inverse.
            if (inside((r[0] * px) + (r[3] * py) + (r[6] * pz), (r[1] * px) + (r[4] * py) + (r[7] * pz), (r[2] * px) + (r[5] * py) + (r[8] * pz)))
            {
                labels[v] = (byte)bone;
                voxels.Add(v);
            }
        }

        Assert.NotEmpty(voxels);
        return voxels;
    }

    private static (double X, double Y, double Z) Lps(VolumeGeometry g, int v)
    {
        var (i, j, k) = RegionMeasures.IndexToVoxel(g, v);
        return g.ToPatient(i, j, k);
    }
}
