using System.Buffers.Binary;
using System.Text;

namespace DicomNode.Dicom.Tests.IO;

/// <summary>Builds encoded data sets byte by byte, independently of our writer, for reader tests.</summary>
internal sealed class EncodedBytes
{
    private readonly List<byte> _bytes = new();
    private readonly bool _bigEndian;

    public EncodedBytes(bool bigEndian = false) => _bigEndian = bigEndian;

    public int Length => _bytes.Count;

    public static byte[] Part10(string transferSyntaxUid, byte[] dataset)
    {
        var meta = new EncodedBytes()
            .Explicit(0x0002, 0x0001, "OB", new byte[] { 0, 1 })
            .Explicit(0x0002, 0x0010, "UI", Ascii(transferSyntaxUid + (transferSyntaxUid.Length % 2 == 1 ? "\0" : string.Empty)))
            .ToArray();
        var head = new EncodedBytes().Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)meta.Length)).ToArray();
        return new byte[128].Concat("DICM"u8.ToArray()).Concat(head).Concat(meta).Concat(dataset).ToArray();
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    public EncodedBytes Tag(ushort group, ushort element)
    {
        U16(group);
        return U16(element);
    }

    public EncodedBytes U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        }

        _bytes.AddRange(b.ToArray());
        return this;
    }

    public EncodedBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        _bytes.AddRange(b.ToArray());
        return this;
    }

    public EncodedBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>An explicit VR element header and value; long-length VRs get the reserved bytes and a 32-bit length.</summary>
    public EncodedBytes Explicit(ushort group, ushort element, string vr, byte[] value, uint? length = null)
    {
        Tag(group, element).Raw(Ascii(vr));
        if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
        {
            U16(0).U32(length ?? (uint)value.Length);
        }
        else
        {
            U16((ushort)(length ?? (uint)value.Length));
        }

        return Raw(value);
    }

    public EncodedBytes Implicit(ushort group, ushort element, byte[] value, uint? length = null) =>
        Tag(group, element).U32(length ?? (uint)value.Length).Raw(value);

    public byte[] ToArray() => _bytes.ToArray();
}
