namespace DicomNode.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item followed by the fragments of the
/// compressed frames. Fragments are kept as read, never decoded here.
/// </summary>
public sealed class DicomFragmentSequence : DicomElement
{
    public DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, IEnumerable<ReadOnlyMemory<byte>> fragments)
        : base(tag, vr)
    {
        OffsetTableBytes = offsetTable;
        Fragments = new List<ReadOnlyMemory<byte>>(fragments);
    }

    /// <summary>The raw value of the first item: 32-bit Little Endian offsets, or empty.</summary>
    public ReadOnlyMemory<byte> OffsetTableBytes { get; }

    /// <summary>The Basic Offset Table as byte offsets of each frame's first fragment, relative to the first fragment's item tag.</summary>
    public uint[] OffsetTable
    {
        get
        {
            var span = OffsetTableBytes.Span;
            var offsets = new uint[span.Length / 4];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(span[(i * 4)..]);
            }

            return offsets;
        }
    }

    public List<ReadOnlyMemory<byte>> Fragments { get; }

    public override string ToString() => $"{Tag} {VR} encapsulated, {Fragments.Count} fragment(s)";
}
