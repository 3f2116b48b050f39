using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Analysis.Lesions;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Tests.Lesions;

public sealed class StudyMetastasisMergerTests
{
    // DWI-like: 2 × 2 × 8 mm, axial, slice centres at z = 4 + 8n. T1-like: 1 × 1 × 2 mm, tilted 9°. Both around the origin.
    private static readonly VolumeGeometry Dwi = TestGrids.Axial(60, 60, 15, 2, 2, 8, (-60, -60, -60));
    private static readonly VolumeGeometry T1 = TestGrids.Rotated(120, 120, 60, 1, 1, 2, TestGrids.Rotation(0.2, 1, 0, 9), (0, 0, 0));

    [Fact]
    public void Merge_OverlappingLesionsOnDwiAndT1_AreOneLesion_QuotedFromT1()
    {
        var dwi = Lesion(Dwi, (20, 10, 4), 9, 1);
        var t1 = Lesion(T1, (21, 11, 6), 8, 1);

        var merged = StudyMetastasisMerger.Merge([dwi], [t1]);

        var lesion = Assert.Single(merged);
        Assert.Same(dwi, lesion.OnDwi);
        Assert.Same(t1, lesion.OnT1InPhase);
        Assert.Same(t1, lesion.Primary);
        Assert.Equal(1, lesion.Number);
    }

    [Fact]
    public void Merge_DistantLesions_StandAlone_NumberedByPrimaryVolume()
    {
        var dwi = Lesion(Dwi, (-30, 0, 4), 10, 1);
        var t1 = Lesion(T1, (30, 0, 4), 6, 1);

        var merged = StudyMetastasisMerger.Merge([dwi], [t1]);

        Assert.Equal(2, merged.Count);
        Assert.Equal([1, 2], merged.Select(m => m.Number));
        Assert.Same(dwi, merged[0].OnDwi);
        Assert.Null(merged[0].OnT1InPhase);
        Assert.Same(t1, merged[1].OnT1InPhase);
        Assert.Null(merged[1].OnDwi);
    }

    [Fact]
    public void Merge_DisjointLesionsWhoseCentroidsAreWithinTenMillimetres_AreOneLesion()
    {
        var dwi = Lesion(Dwi, (0, 0, 4), 3, 1);
        var t1 = Lesion(T1, (9, 0, 4), 3, 1);
        Assert.Empty(dwi.Region.Voxels.Intersect(Resampled(t1)));
        Assert.InRange(RegionMeasures.Distance(dwi.CentroidLps, t1.CentroidLps), 8, 10);

        Assert.Single(StudyMetastasisMerger.Merge([dwi], [t1]));
    }

    [Fact]
    public void Merge_DisjointLesionsFartherThanTenMillimetres_StandAlone()
    {
        var dwi = Lesion(Dwi, (0, 0, 4), 3, 1);
        var t1 = Lesion(T1, (12, 0, 4), 3, 1);

        Assert.Equal(2, StudyMetastasisMerger.Merge([dwi], [t1]).Count);
    }

    [Fact]
    public void Merge_IsGreedyByVolume_TheLargerT1LesionTakesTheSharedDwiLesion()
    {
        // One large DWI lesion overlapping two T1 lesions: the larger T1 lesion is matched, the smaller stands alone.
        var dwi = Lesion(Dwi, (0, 0, 4), 14, 1);
        var large = Lesion(T1, (-6, 0, 4), 7, 1);
        var small = Lesion(T1, (8, 0, 4), 4, 2);

        var merged = StudyMetastasisMerger.Merge([dwi], [small, large]);

        Assert.Equal(2, merged.Count);
        Assert.Same(large, merged[0].OnT1InPhase);
        Assert.Same(dwi, merged[0].OnDwi);
        Assert.Same(small, merged[1].OnT1InPhase);
        Assert.Null(merged[1].OnDwi);
    }

    [Fact]
    public void Merge_NothingOnEitherSeries_IsEmpty() => Assert.Empty(StudyMetastasisMerger.Merge([], []));

    /// <summary>A ball lesion of radius <paramref name="radius"/> mm at <paramref name="centre"/> on <paramref name="g"/>.</summary>
    private static MetastasisFinding Lesion(VolumeGeometry g, (double X, double Y, double Z) centre, double radius, int number)
    {
        var ball = TestGrids.Ball(centre.X, centre.Y, centre.Z, radius);
        var voxels = Enumerable.Range(0, g.VoxelCount).Where(v =>
        {
            var (i, j, k) = RegionMeasures.IndexToVoxel(g, v);
            var (x, y, z) = g.ToPatient(i, j, k);
            return ball(x, y, z);
        }).ToArray();
        Assert.NotEmpty(voxels);
        return new MetastasisFinding(
            number, Bone.Ilium, Side.Left, new Region(g, voxels), RegionMeasures.VolumeCm3(g, voxels.Length), null, RegionMeasures.CentroidLps(g, voxels));
    }

    /// <summary>The DWI voxels the centres of a T1 lesion fall in.</summary>
    private static IEnumerable<int> Resampled(MetastasisFinding t1)
    {
        foreach (var v in t1.Region.Voxels)
        {
            var (i, j, k) = RegionMeasures.IndexToVoxel(T1, v);
            var (x, y, z) = T1.ToPatient(i, j, k);
            var (a, b, c) = Dwi.ToVoxel(x, y, z);
            yield return Dwi.IndexOf((int)Math.Round(a), (int)Math.Round(b), (int)Math.Round(c));
        }
    }
}
