using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Sliding-window inference over a model grid (<see cref="SlidingWindow"/>): patches laid at evenly spread positions
/// that overlap by at least the declared fraction (the last patch of an axis ends at the grid's edge), run a batch at
/// a time, their scores added into the grid weighted by the blending map and divided by the summed weights. Memory
/// beyond the grid's own input and scores is one batch of patches and their outputs, whatever the grid's size.
/// </summary>
public static class SlidingWindowInference
{
    private const float GaussianFloor = 1e-8f;

    /// <summary>The model's scores [1, C, D, H, W] on the whole grid from patches of <paramref name="input"/> (the grid, D·H·W values).</summary>
    public static Tensor Run(InferenceSession session, string inputName, float[] input, ModelGrid grid, SlidingWindow window, int channels,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(window);
        if (window.Depth > grid.Depth || window.Height > grid.Height || window.Width > grid.Width)
        {
            throw new ArgumentException($"patch {window.Depth}×{window.Height}×{window.Width} is larger than the grid {grid.Depth}×{grid.Height}×{grid.Width}", nameof(window));
        }

        if (input.Length != grid.VoxelCount)
        {
            throw new ArgumentException($"input holds {input.Length} values, the grid {grid.VoxelCount}", nameof(input));
        }

        int[] zs = Positions(grid.Depth, window.Depth, window.Overlap);
        int[] ys = Positions(grid.Height, window.Height, window.Overlap);
        int[] xs = Positions(grid.Width, window.Width, window.Overlap);
        int flips = window.Mirror ? 8 : 1;
        float[] importance = Importance(window);

        // A model whose batch dimension is fixed takes exactly that many patches a run; the last batch is padded.
        long declaredBatch = session.Inputs.Count > 0 && session.Inputs[0].Rank == 5 ? session.Inputs[0].Shape[0] : -1;
        int batch = declaredBatch > 0 ? (int)declaredBatch : window.BatchSize;

        int gridVoxels = grid.VoxelCount, patchVoxels = window.VoxelCount;
        var scores = new float[checked(channels * gridVoxels)];
        var weights = new float[gridVoxels];
        var patchInput = new float[checked(batch * patchVoxels)];
        var work = new List<(int Z, int Y, int X, int Flip)>(batch);
        foreach (int z in zs)
        {
            foreach (int y in ys)
            {
                foreach (int x in xs)
                {
                    for (int flip = 0; flip < flips; flip++)
                    {
                        work.Add((z, y, x, flip));
                        if (work.Count == batch)
                        {
                            RunBatch();
                        }
                    }
                }
            }
        }

        if (work.Count > 0)
        {
            RunBatch();
        }

        for (int v = 0; v < gridVoxels; v++)
        {
            float w = weights[v];
            for (int c = 0; c < channels; c++)
            {
                scores[(c * gridVoxels) + v] /= w;
            }
        }

        return new Tensor(scores, grid.TensorShape(channels));

        void RunBatch()
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = declaredBatch > 0 ? batch : work.Count;
            Array.Clear(patchInput);
            for (int b = 0; b < work.Count; b++)
            {
                Copy(input, grid, work[b], window, patchInput.AsSpan(b * patchVoxels, patchVoxels));
            }

            long[] shape = [count, 1, window.Depth, window.Height, window.Width];
            Tensor output = session.Run(inputName, new Tensor(count == patchInput.Length / patchVoxels ? patchInput : patchInput[..(count * patchVoxels)], shape));
            long[] expected = [count, channels, window.Depth, window.Height, window.Width];
            if (!output.Shape.AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException(
                    $"model {session.ModelPath}: a batch of patches {TensorMetadata.FormatShape(shape)} gave {output}, expected {TensorMetadata.FormatShape(expected)}");
            }

            for (int b = 0; b < work.Count; b++)
            {
                Accumulate(output.Data.AsSpan(b * channels * patchVoxels, channels * patchVoxels), work[b], importance, 1f / flips);
            }

            work.Clear();
        }

        void Accumulate(ReadOnlySpan<float> patchScores, (int Z, int Y, int X, int Flip) at, float[] map, float share)
        {
            for (int pz = 0; pz < window.Depth; pz++)
            {
                for (int py = 0; py < window.Height; py++)
                {
                    var (gridRow, patchRow) = RowStarts(grid, window, at, pz, py);
                    for (int px = 0; px < window.Width; px++)
                    {
                        int gx = at.X + ((at.Flip & 4) != 0 ? window.Width - 1 - px : px);
                        int g = gridRow + gx, p = patchRow + px;

                        // The map is symmetric, so it weighs the flipped patch at its own voxel.
                        float w = map[p] * share;
                        weights[g] += w;
                        for (int c = 0; c < channels; c++)
                        {
                            scores[(c * gridVoxels) + g] += w * patchScores[(c * patchVoxels) + p];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Patch origins along one axis: as few as cover <paramref name="size"/> with steps of at most
    /// patch·(1 − overlap), spread evenly from 0 to size − patch.
    /// </summary>
    public static int[] Positions(int size, int patch, double overlap)
    {
        if (patch >= size)
        {
            return [0];
        }

        int step = Math.Max(1, (int)Math.Floor(patch * (1 - overlap)));
        int count = (int)Math.Ceiling((double)(size - patch) / step) + 1;
        var positions = new int[count];
        for (int i = 0; i < count; i++)
        {
            positions[i] = (int)Math.Round((double)i * (size - patch) / (count - 1), MidpointRounding.AwayFromZero);
        }

        return positions;
    }

    /// <summary>The blending weights of one patch, largest 1: all 1 for constant; a Gaussian of σ = patch/8 per axis.</summary>
    public static float[] Importance(SlidingWindow window)
    {
        var map = new float[window.VoxelCount];
        if (window.Blending == WindowBlending.Constant)
        {
            Array.Fill(map, 1f);
            return map;
        }

        double[] Axis(int n)
        {
            double sigma = n / 8.0, centre = (n - 1) / 2.0;
            return Enumerable.Range(0, n).Select(i => Math.Exp(-((i - centre) * (i - centre)) / (2 * sigma * sigma))).ToArray();
        }

        double[] wz = Axis(window.Depth), wy = Axis(window.Height), wx = Axis(window.Width);
        double max = wz.Max() * wy.Max() * wx.Max();
        int n = 0;
        for (int z = 0; z < window.Depth; z++)
        {
            for (int y = 0; y < window.Height; y++)
            {
                for (int x = 0; x < window.Width; x++)
                {
                    map[n++] = Math.Max(GaussianFloor, (float)(wz[z] * wy[y] * wx[x] / max));
                }
            }
        }

        return map;
    }

    /// <summary>
    /// Where row (<paramref name="pz"/>, <paramref name="py"/>) of the patch at <paramref name="at"/> starts in the grid
    /// (with the patch's depth and height flips applied) and in the patch.
    /// </summary>
    private static (int GridRow, int PatchRow) RowStarts(ModelGrid grid, SlidingWindow window, (int Z, int Y, int X, int Flip) at, int pz, int py)
    {
        int gz = at.Z + ((at.Flip & 1) != 0 ? window.Depth - 1 - pz : pz);
        int gy = at.Y + ((at.Flip & 2) != 0 ? window.Height - 1 - py : py);
        return ((((gz * grid.Height) + gy) * grid.Width), ((pz * window.Height) + py) * window.Width);
    }

    /// <summary>Copies the patch at <paramref name="at"/> out of the grid, flipped along the axes its flip bits name (1 D, 2 H, 4 W).</summary>
    private static void Copy(float[] gridValues, ModelGrid grid, (int Z, int Y, int X, int Flip) at, SlidingWindow window, Span<float> patch)
    {
        for (int pz = 0; pz < window.Depth; pz++)
        {
            for (int py = 0; py < window.Height; py++)
            {
                var (gridRow, patchRow) = RowStarts(grid, window, at, pz, py);
                if ((at.Flip & 4) == 0)
                {
                    gridValues.AsSpan(gridRow + at.X, window.Width).CopyTo(patch.Slice(patchRow, window.Width));
                }
                else
                {
                    for (int px = 0; px < window.Width; px++)
                    {
                        patch[patchRow + px] = gridValues[gridRow + at.X + window.Width - 1 - px];
                    }
                }
            }
        }
    }
}
