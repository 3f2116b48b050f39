namespace DicomNode.Inference.Manifest;

/// <summary>
/// Patch-wise (sliding-window) inference of a model trained on patches, declared in the manifest as "slidingWindow":
/// the model grid is covered by patches of <see cref="Depth"/>×<see cref="Height"/>×<see cref="Width"/> voxels that
/// overlap by <see cref="Overlap"/> of a patch, run <see cref="BatchSize"/> at a time, their scores blended by
/// <see cref="Blending"/>; with <see cref="Mirror"/>, each patch is also run flipped along every combination of its
/// three axes (8 runs) and the scores averaged. Used when the model grid is larger than the patch along some axis.
/// </summary>
public sealed record SlidingWindow(int Depth, int Height, int Width, double Overlap, WindowBlending Blending, int BatchSize, bool Mirror)
{
    /// <summary>Whether <paramref name="grid"/> needs more than one patch.</summary>
    public bool Covers(ModelGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return grid.Depth > Depth || grid.Height > Height || grid.Width > Width;
    }

    public int VoxelCount => checked(Depth * Height * Width);

    /// <summary>"patch 64×128×128, overlap 0.5, gaussian blending, batch 2, mirroring" for logs and the SEG.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"patch {Depth}×{Height}×{Width}, overlap {Overlap:0.###}, {Blending.ToString().ToLowerInvariant()} blending, batch {BatchSize}{(Mirror ? ", mirroring" : string.Empty)}");
}
