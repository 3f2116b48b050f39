using System.Diagnostics;
using DicomNode.Analysis.Components;
using DicomNode.Imaging.Geometry;
using Xunit.Abstractions;

namespace DicomNode.Analysis.Tests.Components;

public sealed class ConnectedComponentsTests
{
    private readonly ITestOutputHelper _output;

    public ConnectedComponentsTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(1, 1, 1)] // a corner
    [InlineData(1, 1, 0)] // an edge in the slice
    [InlineData(0, 1, 1)] // an edge across slices
    [InlineData(1, -1, 1)]
    [InlineData(-1, 1, 1)]
    public void TwoVoxelsTouchingAtACornerOrEdge_AreOneComponentWith26Neighbours_AndTwoWith6(int di, int dj, int dk)
    {
        var g = TestGrids.Axial(5, 5, 5);
        var mask = new byte[g.VoxelCount];
        mask[g.IndexOf(2, 2, 2)] = 1;
        mask[g.IndexOf(2 + di, 2 + dj, 2 + dk)] = 1;

        Assert.Equal(1, ConnectedComponents.Label(mask, g).Count);
        Assert.Equal(2, ConnectedComponents.Label(mask, g, Connectivity.Faces).Count);
    }

    [Fact]
    public void VoxelsSharingAFace_AreOneComponentEitherWay()
    {
        var g = TestGrids.Axial(4, 4, 4);
        var mask = new byte[g.VoxelCount];
        mask[g.IndexOf(1, 1, 1)] = 1;
        mask[g.IndexOf(1, 1, 2)] = 1;

        Assert.Equal(1, ConnectedComponents.Label(mask, g, Connectivity.Faces).Count);
        Assert.Equal(1, ConnectedComponents.Label(mask, g).Count);
    }

    [Fact]
    public void VoxelsTwoApart_AreSeparate()
    {
        var g = TestGrids.Axial(6, 6, 6);
        var mask = new byte[g.VoxelCount];
        mask[g.IndexOf(1, 1, 1)] = 1;
        mask[g.IndexOf(3, 3, 3)] = 1;

        Assert.Equal(2, ConnectedComponents.Label(mask, g).Count);
    }

    [Theory]
    [InlineData(3, 0, 0, 0, 1, 0)] // the last column of row 0 sits next to the first column of row 1 in memory
    [InlineData(3, 2, 0, 0, 0, 1)] // the last voxel of slice 0 sits next to the first voxel of slice 1
    [InlineData(0, 2, 0, 3, 0, 1)] // a diagonal that wraps a row
    public void NeighboursInMemoryAcrossARowOrSliceEdge_AreNotNeighboursInTheGrid(int i1, int j1, int k1, int i2, int j2, int k2)
    {
        var g = TestGrids.Axial(4, 3, 3);
        var mask = new byte[g.VoxelCount];
        mask[g.IndexOf(i1, j1, k1)] = 1;
        mask[g.IndexOf(i2, j2, k2)] = 1;

        Assert.Equal(2, ConnectedComponents.Label(mask, g).Count);
    }

    [Fact]
    public void Components_AreNumberedInScanOrder_WithSizesValuesAndAscendingVoxels()
    {
        var g = TestGrids.Axial(8, 8, 4);
        var mask = new byte[g.VoxelCount];
        TestGrids.Fill(mask, g, (5, 8), (0, 2), (0, 1), 7); // first voxel at index 5
        TestGrids.Fill(mask, g, (0, 2), (4, 8), (0, 4), 3); // first voxel at index 32

        var labelling = ConnectedComponents.Label(mask, g);
        var lists = labelling.VoxelLists();

        Assert.Equal(2, labelling.Count);
        Assert.Equal((6, 7), (labelling.Size(1), labelling.Value(1)));
        Assert.Equal((32, 3), (labelling.Size(2), labelling.Value(2)));
        Assert.Equal(5, lists[0][0]);
        Assert.All(lists, l => Assert.True(l.SequenceEqual(l.Order())));
        Assert.Equal(1, labelling.Labels[5]);
        Assert.Equal(0, labelling.Labels[0]);
    }

    [Fact]
    public void AUShapeWhoseArmsMeetLate_IsOneComponent()
    {
        // Two arms start as separate provisional labels and join at the bottom of the U: the union-find must merge them.
        var g = TestGrids.Axial(9, 9, 3);
        var mask = new byte[g.VoxelCount];
        TestGrids.Fill(mask, g, (1, 2), (0, 8), (1, 2), 1);
        TestGrids.Fill(mask, g, (7, 8), (0, 8), (1, 2), 1);
        TestGrids.Fill(mask, g, (1, 8), (8, 9), (1, 2), 1);

        var labelling = ConnectedComponents.Label(mask, g, Connectivity.Faces);

        Assert.Equal(1, labelling.Count);
        Assert.Equal(8 + 8 + 7, labelling.Size(1));
    }

    [Fact]
    public void LabelByValue_SeparatesTouchingValues_WhileLabelJoinsThem()
    {
        var g = TestGrids.Axial(6, 4, 4);
        var labels = new byte[g.VoxelCount];
        TestGrids.Fill(labels, g, (0, 3), (0, 4), (0, 4), 3);
        TestGrids.Fill(labels, g, (3, 6), (0, 4), (0, 4), 4);

        var byValue = ConnectedComponents.LabelByValue(labels, g);

        Assert.Equal(2, byValue.Count);
        Assert.Equal([3, 4], new[] { byValue.Value(1), byValue.Value(2) }.Select(v => (int)v));
        Assert.Equal(1, ConnectedComponents.Label(labels, g).Count);
    }

    [Theory]
    [InlineData(Connectivity.Faces, 0.25, 1)]
    [InlineData(Connectivity.FacesEdgesCorners, 0.12, 2)]
    [InlineData(Connectivity.FacesEdgesCorners, 0.3, 3)]
    [InlineData(Connectivity.Faces, 0.45, 4)]
    public void RandomVolumes_PartitionLikeABreadthFirstFloodFill(Connectivity connectivity, double density, int seed)
    {
        var g = TestGrids.Axial(23, 17, 13);
        var random = new Random(seed);
        var labels = new byte[g.VoxelCount];
        for (var v = 0; v < labels.Length; v++)
        {
            labels[v] = random.NextDouble() < density ? (byte)random.Next(1, 3) : (byte)0;
        }

        foreach (var byValue in new[] { false, true })
        {
            var labelling = byValue ? ConnectedComponents.LabelByValue(labels, g, connectivity) : ConnectedComponents.Label(labels, g, connectivity);
            var reference = FloodFill(labels, g, connectivity, byValue);

            Assert.Equal(reference.Max(), labelling.Count);
            Assert.Equal(reference, labelling.Labels); // both number components by their first voxel in scan order
        }
    }

    [Fact]
    public void WrongVolumeLength_IsRefused()
    {
        var g = TestGrids.Axial(4, 4, 4);

        Assert.Throws<ArgumentException>(() => ConnectedComponents.Label(new byte[63], g));
    }

    [Fact]
    public void T1SizedVolume_Timing()
    {
        // A 256 × 256 × 120 T1 grid (7.9 M voxels). Timing is reported, not asserted (benchmarks are not test verdicts).
        var g = TestGrids.Axial(256, 256, 120, 1.5625, 1.5625, 2);
        var labels = new byte[g.VoxelCount];
        var random = new Random(5);
        for (var n = 0; n < 40; n++)
        {
            BallByIndex(labels, g, (random.Next(0, 256), random.Next(0, 256), random.Next(0, 120)), random.Next(5, 40), (byte)random.Next(1, 9));
        }

        var noise = new byte[g.VoxelCount];
        for (var v = 0; v < noise.Length; v++)
        {
            noise[v] = random.NextDouble() < 0.2 ? (byte)1 : (byte)0;
        }

        var full = new byte[g.VoxelCount];
        Array.Fill(full, (byte)1);
        foreach (var (name, volume) in new[] { ("bone-like balls", labels), ("20 % noise", noise), ("all foreground", full) })
        {
            ConnectedComponents.LabelByValue(volume, g);
            var best = double.MaxValue;
            var count = 0;
            for (var run = 0; run < 3; run++)
            {
                var watch = Stopwatch.StartNew();
                count = ConnectedComponents.LabelByValue(volume, g).Count;
                best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
            }

            _output.WriteLine($"256×256×120, {name}: {count} components, best of 3 {best:F0} ms");
        }
    }

    private static void BallByIndex(byte[] labels, VolumeGeometry g, (int I, int J, int K) centre, int radius, byte value)
    {
        for (var k = Math.Max(0, centre.K - radius); k <= Math.Min(g.Slices - 1, centre.K + radius); k++)
        {
            for (var j = Math.Max(0, centre.J - radius); j <= Math.Min(g.Rows - 1, centre.J + radius); j++)
            {
                for (var i = Math.Max(0, centre.I - radius); i <= Math.Min(g.Columns - 1, centre.I + radius); i++)
                {
                    var (a, b, c) = (i - centre.I, j - centre.J, k - centre.K);
                    if ((a * a) + (b * b) + (c * c) <= radius * radius)
                    {
                        labels[g.IndexOf(i, j, k)] = value;
                    }
                }
            }
        }
    }

    private static int[] FloodFill(byte[] labels, VolumeGeometry g, Connectivity connectivity, bool byValue)
    {
        var result = new int[labels.Length];
        var next = 0;
        var queue = new Queue<(int I, int J, int K)>();
        for (var k = 0; k < g.Slices; k++)
        {
            for (var j = 0; j < g.Rows; j++)
            {
                for (var i = 0; i < g.Columns; i++)
                {
                    var start = g.IndexOf(i, j, k);
                    if (labels[start] == 0 || result[start] != 0)
                    {
                        continue;
                    }

                    result[start] = ++next;
                    queue.Enqueue((i, j, k));
                    while (queue.TryDequeue(out var p))
                    {
                        for (var dk = -1; dk <= 1; dk++)
                        {
                            for (var dj = -1; dj <= 1; dj++)
                            {
                                for (var di = -1; di <= 1; di++)
                                {
                                    var steps = Math.Abs(di) + Math.Abs(dj) + Math.Abs(dk);
                                    if (steps == 0 || (connectivity == Connectivity.Faces && steps > 1))
                                    {
                                        continue;
                                    }

                                    var (a, b, c) = (p.I + di, p.J + dj, p.K + dk);
                                    if (a < 0 || b < 0 || c < 0 || a >= g.Columns || b >= g.Rows || c >= g.Slices)
                                    {
                                        continue;
                                    }

                                    var n = g.IndexOf(a, b, c);
                                    var joins = byValue ? labels[n] == labels[start] : labels[n] != 0;
                                    if (joins && result[n] == 0)
                                    {
                                        result[n] = next;
                                        queue.Enqueue((a, b, c));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        return result;
    }
}
