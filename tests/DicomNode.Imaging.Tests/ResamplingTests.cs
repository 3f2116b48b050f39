using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;

namespace DicomNode.Imaging.Tests;

public sealed class ResamplingTests
{
    [Fact]
    public void Trilinear_LinearField_IsReproducedExactlyOnAnObliqueGrid()
    {
        var source = GeometryTests.Oblique(new VolumeGeometry(40, 36, 20, AffineMatrix.Identity()));
        var voxels = new float[source.VoxelCount];
        for (var k = 0; k < source.Slices; k++)
        {
            for (var j = 0; j < source.Rows; j++)
            {
                for (var i = 0; i < source.Columns; i++)
                {
                    var (x, y, z) = source.ToPatient(i, j, k);
                    voxels[source.IndexOf(i, j, k)] = (float)Field(x, y, z);
                }
            }
        }

        // A finer, axis-aligned grid well inside the source: every target centre lies between source centres.
        var (cx, cy, cz) = source.Centre;
        var target = new VolumeGeometry(12, 10, 8, [0.7, 0, 0, cx - 4, 0, 0.6, 0, cy - 3, 0, 0, 1.3, cz - 4.5, 0, 0, 0, 1]);

        var result = ImageResampler.Trilinear(source, voxels, target);

        var worst = 0.0;
        for (var k = 0; k < target.Slices; k++)
        {
            for (var j = 0; j < target.Rows; j++)
            {
                for (var i = 0; i < target.Columns; i++)
                {
                    var (x, y, z) = target.ToPatient(i, j, k);
                    worst = Math.Max(worst, Math.Abs(result[target.IndexOf(i, j, k)] - Field(x, y, z)));
                }
            }
        }

        Assert.True(worst < 1e-3, $"largest error {worst}");
    }

    [Fact]
    public void Trilinear_OutsideTheSource_GivesTheFillValue()
    {
        var source = new VolumeGeometry(4, 4, 4, AffineMatrix.Identity());
        var target = new VolumeGeometry(1, 1, 1, [1, 0, 0, 10, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

        var result = ImageResampler.Trilinear(source, new float[64], target, outside: -1);

        Assert.Equal(-1, result[0]);
    }

    [Fact]
    public void Nearest_ToTheSameGrid_IsTheIdentity()
    {
        var g = GeometryTests.Oblique(new VolumeGeometry(9, 8, 7, AffineMatrix.Identity()));
        var labels = Enumerable.Range(0, g.VoxelCount).Select(v => (byte)(v % 9)).ToArray();

        var result = LabelResampler.Nearest(new LabelVolume(g, labels), g);

        Assert.Equal(labels, result.Labels);
    }

    [Fact]
    public void Majority_Downsampling_TakesTheMostFrequentLabelOfTheCoveredVoxels()
    {
        // 4×4×1 source, 2×2×1 target with voxels twice as large: each target voxel covers a 2×2 block.
        var source = new VolumeGeometry(4, 4, 1, AffineMatrix.Identity());
        byte[] labels =
        [
            1, 1, 2, 0,
            1, 0, 2, 2,
            3, 3, 0, 0,
            0, 3, 0, 5,
        ];
        var target = VolumeGeometry.CreateAligned(source, 2, 2, 1);

        var result = LabelResampler.Majority(new LabelVolume(source, labels), target);

        Assert.Equal([1, 2, 3, 0], result.Labels);
    }

    private static double Field(double x, double y, double z) => 3 + (0.5 * x) - (1.25 * y) + (0.75 * z);
}
