namespace DicomNode.Dicom;

/// <summary>
/// An element whose value is a run of bytes: text, numbers or binary. The bytes are kept as they are
/// encoded in Little Endian, padding included, so that reading and writing a file loses nothing; the
/// typed accessors of <see cref="DicomDataset"/> interpret them.
/// </summary>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
        : base(tag, vr)
    {
        if (vr == DicomVR.SQ || vr == DicomVR.None)
        {
            throw new ArgumentException($"A value element cannot have VR {vr}.", nameof(vr));
        }

        Bytes = bytes;
    }

    /// <summary>The value bytes in Little Endian order, including any padding byte.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    public int Length => Bytes.Length;

    public override string ToString() => $"{Tag} {VR} #{Length}";
}
