namespace DicomNode.Inference.Manifest;

/// <summary>
/// The grid a model reads: <see cref="Depth"/> slices × <see cref="Height"/> rows ×
/// <see cref="Width"/> columns (the tensor [1, 1, D, H, W]), in the source's orientation.
/// <see cref="SpacingMm"/> (D, H, W order) is set for <see cref="GridSpacingPolicy.FixedSpacing"/> only.
/// </summary>
public sealed record ModelGrid(int Depth, int Height, int Width, GridSpacingPolicy Policy, (double D, double H, double W)? SpacingMm = null)
{
    public long[] TensorShape(int channels = 1) => [1, channels, Depth, Height, Width];

    public int VoxelCount => checked(Depth * Height * Width);
}
