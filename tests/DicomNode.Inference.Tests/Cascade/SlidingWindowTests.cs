using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Tests.Cascade;

/// <summary>
/// Sliding-window inference against whole-volume inference of the same grid (issue 21, acceptance c): the 1×1×1
/// cascade test model, which sees one voxel at a time, must give the same scores from patches as from the whole grid
/// with constant blending and no overlap; the reference U-Net (random weights, a receptive field of many voxels) must
/// give nearly the same labels with Gaussian blending and overlap.
/// </summary>
public sealed class SlidingWindowTests
{
    private static string PointwiseModel => Path.Combine(ReferenceModel.Folder, "cascade-bones.onnx");

    private static string SmoothingModel => Path.Combine(ReferenceModel.Folder, "window-smooth.onnx");

    private readonly ITestOutputHelper _output;

    public SlidingWindowTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(256, 128, 0.0, new[] { 0, 128 })]
    [InlineData(256, 128, 0.5, new[] { 0, 64, 128 })]
    [InlineData(100, 64, 0.5, new[] { 0, 18, 36 })]
    [InlineData(64, 64, 0.5, new[] { 0 })]
    [InlineData(10, 4, 0.0, new[] { 0, 3, 6 })]
    public void Positions_CoverTheAxisWithStepsOfAtMostThePatchLessItsOverlap(int size, int patch, double overlap, int[] expected)
    {
        int[] positions = SlidingWindowInference.Positions(size, patch, overlap);

        Assert.Equal(expected, positions);
        Assert.Equal(size - patch, positions[^1]);
        Assert.All(positions.Zip(positions.Skip(1)), p => Assert.InRange(p.Second - p.First, 1, (int)Math.Floor(patch * (1 - overlap))));
    }

    [Fact]
    public void GaussianMap_IsOneAtTheCentre_SmallAtTheCorners_AndSymmetric()
    {
        var window = new SlidingWindow(5, 9, 9, 0.5, WindowBlending.Gaussian, 1, false);

        float[] map = SlidingWindowInference.Importance(window);

        Assert.Equal(1f, map[(((2 * 9) + 4) * 9) + 4]);
        Assert.True(map[0] < 1e-4f, $"corner weight {map[0]}");
        Assert.Equal(map[0], map[^1]);
        Assert.All(SlidingWindowInference.Importance(window with { Blending = WindowBlending.Constant }), w => Assert.Equal(1f, w));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ConstantBlendingWithoutOverlap_EqualsWholeVolume(bool mirror)
    {
        var grid = new ModelGrid(16, 32, 32, GridSpacingPolicy.FixedSize);
        float[] input = Pattern(grid);
        using InferenceSession session = InferenceSession.Create(PointwiseModel);
        Tensor whole = session.Run("image", new Tensor(input, grid.TensorShape()));

        Tensor patched = SlidingWindowInference.Run(session, "image", input, grid,
            new SlidingWindow(8, 16, 16, 0, WindowBlending.Constant, 1, mirror), channels: 9);

        Assert.Equal(whole.Shape, patched.Shape);
        float difference = ReferenceModel.MaxAbsDifference(whole.Data, patched.Data);
        _output.WriteLine($"max |whole − patches| = {difference:E2} (mirror {mirror})");
        Assert.True(difference <= 1e-4f, $"max abs score difference {difference}");
    }

    [Fact]
    public void GaussianBlendingWithOverlap_OnAModelThatSeesNeighbours_GivesTheWholeVolumeLabels()
    {
        var grid = new ModelGrid(16, 64, 64, GridSpacingPolicy.FixedSize);
        float[] input = Pattern(grid).Select(v => (v + 1) / 2).ToArray();
        using InferenceSession session = InferenceSession.Create(SmoothingModel);
        Tensor whole = session.Run("image", new Tensor(input, grid.TensorShape()));
        byte[] expected = LabelAgreement.Argmax(whole, 9);

        var tiles = new SlidingWindow(16, 32, 32, 0, WindowBlending.Constant, 1, false);
        Tensor tiled = SlidingWindowInference.Run(session, "image", input, grid, tiles, channels: 9);
        var blending = tiles with { Overlap = 0.5, Blending = WindowBlending.Gaussian, BatchSize = 2 };
        Tensor blended = SlidingWindowInference.Run(session, "image", input, grid, blending, channels: 9);

        double tiledDice = LabelAgreement.MeanDice(expected, LabelAgreement.Argmax(tiled, 9), 9), blendedDice = LabelAgreement.MeanDice(expected, LabelAgreement.Argmax(blended, 9), 9);
        _output.WriteLine($"mean DSC vs whole volume: constant, no overlap {tiledDice:F4}; gaussian, overlap 0.5 {blendedDice:F4}; "
            + $"max |Δscore| {ReferenceModel.MaxAbsDifference(whole.Data, tiled.Data):F4} and {ReferenceModel.MaxAbsDifference(whole.Data, blended.Data):F4}");
        Assert.True(tiledDice < 1, "the model sees its neighbours, so patch borders must change some labels");
        Assert.True(blendedDice >= 0.99, $"DSC {blendedDice}");
    }

    [Fact]
    public void BatchesOfPatches_GiveWhatOnePatchAtATimeGives()
    {
        var grid = new ModelGrid(16, 48, 40, GridSpacingPolicy.FixedSize);
        float[] input = Pattern(grid).Select(v => (v + 1) / 2).ToArray();
        using InferenceSession session = InferenceSession.Create(SmoothingModel);
        var single = new SlidingWindow(8, 24, 24, 0.5, WindowBlending.Gaussian, 1, Mirror: true);

        Tensor one = SlidingWindowInference.Run(session, "image", input, grid, single, channels: 9);
        Tensor three = SlidingWindowInference.Run(session, "image", input, grid, single with { BatchSize = 3 }, channels: 9);

        Assert.True(ReferenceModel.MaxAbsDifference(one.Data, three.Data) <= 1e-6f);
    }

    [Fact]
    public void OnTheReferenceUNet_GaussianOverlapIsCloserToWholeVolumeThanTiling()
    {
        // Random weights: classes nearly tied everywhere, so labels flip easily; blending must still help.
        var grid = new ModelGrid(16, 64, 64, GridSpacingPolicy.FixedSize);
        float[] input = Pattern(grid);
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);
        byte[] expected = LabelAgreement.Argmax(session.Run("image", new Tensor(input, grid.TensorShape())), 3);

        var tiles = new SlidingWindow(16, 32, 32, 0, WindowBlending.Constant, 1, false);
        double tiled = LabelAgreement.MeanDice(expected, LabelAgreement.Argmax(SlidingWindowInference.Run(session, "image", input, grid, tiles, channels: 3), 3), 3);
        double blended = LabelAgreement.MeanDice(expected, LabelAgreement.Argmax(SlidingWindowInference.Run(session, "image", input, grid,
            tiles with { Overlap = 0.5, Blending = WindowBlending.Gaussian }, channels: 3), 3), 3);

        _output.WriteLine($"reference U-Net, mean DSC vs whole volume: tiles {tiled:F4}, gaussian overlap 0.5 {blended:F4}");
        Assert.True(blended > tiled, $"{blended} ≤ {tiled}");
    }

    [Fact]
    public void APatchLargerThanTheGrid_IsRefused()
    {
        var grid = new ModelGrid(8, 16, 16, GridSpacingPolicy.FixedSize);
        using InferenceSession session = InferenceSession.Create(PointwiseModel);

        var error = Assert.Throws<ArgumentException>(() => SlidingWindowInference.Run(session, "image", new float[grid.VoxelCount], grid,
            new SlidingWindow(8, 32, 16, 0, WindowBlending.Constant, 1, false), channels: 9));

        Assert.Contains("larger than the grid", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A smooth pattern with structure at several scales, so the models' labels vary across the grid.</summary>
    internal static float[] Pattern(ModelGrid grid)
    {
        var values = new float[grid.VoxelCount];
        int n = 0;
        for (int z = 0; z < grid.Depth; z++)
        {
            for (int y = 0; y < grid.Height; y++)
            {
                for (int x = 0; x < grid.Width; x++)
                {
                    values[n++] = (float)((0.5 * Math.Sin(x * 0.21) * Math.Cos(y * 0.13)) + (0.3 * Math.Sin(z * 0.7)) + (0.01 * ((x * 7 + y * 13 + z * 29) % 17)));
                }
            }
        }

        return values;
    }
}
