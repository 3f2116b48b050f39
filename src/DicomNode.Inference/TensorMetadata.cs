using System.Globalization;

namespace DicomNode.Inference;

/// <summary>Name, element type and shape of a model input or output; -1 marks a dynamic dimension.</summary>
public sealed class TensorMetadata
{
    public TensorMetadata(string name, TensorElementType elementType, IReadOnlyList<long> shape)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
    }

    public string Name { get; }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public int Rank => Shape.Count;

    /// <summary>E.g. "[1,1,-1,-1,-1] float".</summary>
    public override string ToString() => $"{FormatShape(Shape)} {FormatType(ElementType)}";

    internal static string FormatShape(IEnumerable<long> shape) =>
        "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    internal static string FormatType(TensorElementType type) => type.ToString().ToLowerInvariant();
}
