using DicomNode.Imaging.Geometry;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Tests.Cascade;

public sealed class ModelGridPlannerTests
{
    [Fact]
    public void Plan_FixedSize_CoversTheSameFieldOfViewEdgeToEdge()
    {
        VolumeGeometry source = SyntheticStudy.Oblique(40, 36, 12, 1.2, 1.2, 3.5, 25);

        VolumeGeometry grid = ModelGridPlanner.Plan(source, new ModelGrid(8, 16, 16, GridSpacingPolicy.FixedSize));

        Assert.Equal((16, 16, 8), (grid.Columns, grid.Rows, grid.Slices));
        AssertClose((40 * 1.2 / 16, 36 * 1.2 / 16, 12 * 3.5 / 8), grid.Spacing);
        // The outer corner of voxel 0 (index −½) is the same patient point on both grids.
        AssertClose(source.ToPatient(-0.5, -0.5, -0.5), grid.ToPatient(-0.5, -0.5, -0.5));
        AssertClose(source.ToPatient(39.5, 35.5, 11.5), grid.ToPatient(15.5, 15.5, 7.5));
    }

    [Fact]
    public void Plan_FixedSpacing_KeepsTheSpacingAndTheCentre()
    {
        VolumeGeometry source = SyntheticStudy.Oblique(40, 36, 12, 1.2, 1.2, 3.5, 25);

        VolumeGeometry grid = ModelGridPlanner.Plan(source, new ModelGrid(10, 20, 30, GridSpacingPolicy.FixedSpacing, (5, 2, 1.5)));

        AssertClose((1.5, 2, 5), grid.Spacing);
        AssertClose(source.ToPatient(19.5, 17.5, 5.5), grid.ToPatient(14.5, 9.5, 4.5));
    }

    private static void AssertClose((double, double, double) expected, (double, double, double) actual)
    {
        Assert.Equal(expected.Item1, actual.Item1, 1e-9);
        Assert.Equal(expected.Item2, actual.Item2, 1e-9);
        Assert.Equal(expected.Item3, actual.Item3, 1e-9);
    }
}
