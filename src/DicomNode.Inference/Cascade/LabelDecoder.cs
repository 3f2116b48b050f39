using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>Turns a model's output tensor [1, C, D, H, W] into one label per voxel, on its grid or on another.</summary>
internal static class LabelDecoder
{
    public static byte[] Decode(ModelEntry model, Tensor output)
    {
        CheckShape(model, output);
        int voxels = model.Grid.VoxelCount;
        float[] data = output.Data;
        var labels = new byte[voxels];
        if (model.Output.Kind == ModelOutputKind.Sigmoid)
        {
            float threshold = (float)model.Output.Threshold;
            byte value = model.Labels[0].Value;
            for (int v = 0; v < voxels; v++)
            {
                labels[v] = data[v] >= threshold ? value : (byte)0;
            }

            return labels;
        }

        // Argmax over channels; ties go to the lower class. Channels are planes of the voxel grid.
        int classes = model.Output.Classes;
        int chunks = Math.Max(1, voxels / 65536);
        Parallel.For(0, chunks, chunk =>
        {
            int from = (int)((long)voxels * chunk / chunks), to = (int)((long)voxels * (chunk + 1) / chunks);
            for (int v = from; v < to; v++)
            {
                float best = data[v];
                int label = 0;
                for (int c = 1; c < classes; c++)
                {
                    float value = data[(c * voxels) + v];
                    if (value > best)
                    {
                        best = value;
                        label = c;
                    }
                }

                labels[v] = (byte)label;
            }
        });
        return labels;
    }

    /// <summary>
    /// The labels on <paramref name="target"/> (the series), decided there from the scores interpolated off
    /// <paramref name="grid"/>: the same rule as <see cref="Decode"/>, without the model grid's staircase.
    /// </summary>
    public static LabelVolume DecodeOnto(ModelEntry model, Tensor output, VolumeGeometry grid, VolumeGeometry target)
    {
        CheckShape(model, output);
        return model.Output.Kind == ModelOutputKind.Sigmoid
            ? ScoreResampler.Threshold(grid, output.Data, model.Output.Threshold, model.Labels[0].Value, target)
            : ScoreResampler.Argmax(grid, output.Data, model.Output.Classes, target);
    }

    private static void CheckShape(ModelEntry model, Tensor output)
    {
        long[] expected = model.Grid.TensorShape(model.Output.Channels);
        if (!output.Shape.AsSpan().SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"model '{model.Id}' {model.Version}: output is {output}, the manifest implies {TensorMetadata.FormatShape(expected)}");
        }
    }
}
