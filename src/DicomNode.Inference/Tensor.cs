namespace DicomNode.Inference;

/// <summary>A float tensor in row-major (C) order with its shape.</summary>
public sealed class Tensor
{
    public Tensor(float[] data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"tensor dimensions must not be negative: {TensorMetadata.FormatShape(shape)}", nameof(shape));
            }

            count = checked(count * dimension);
        }

        if (count != data.LongLength)
        {
            throw new ArgumentException($"shape {TensorMetadata.FormatShape(shape)} holds {count} elements but the data has {data.LongLength}", nameof(data));
        }

        Data = data;
        Shape = shape;
    }

    public float[] Data { get; }

    public long[] Shape { get; }

    public override string ToString() => $"{TensorMetadata.FormatShape(Shape)} float";
}
