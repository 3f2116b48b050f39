using System.Buffers.Binary;
using System.Text;

namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// A growable big-endian byte buffer for encoding the association PDUs. Lengths are written as
/// placeholders and patched once the item's content is known, so nothing is encoded twice.
/// </summary>
internal sealed class PduBufferWriter
{
    private byte[] _buffer;
    private int _position;

    public PduBufferWriter(int capacity) => _buffer = new byte[Math.Max(capacity, 16)];

    public int Position => _position;

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(_position));
        _position += value.Length;
    }

    public void WriteZeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(_position, count).Clear();
        _position += count;
    }

    /// <summary>Writes ASCII text as is (UIDs in items are not padded: PS3.8 §9.3.2.2.1).</summary>
    public void WriteAscii(string value, string what)
    {
        RequireAscii(value, what);
        Ensure(value.Length);
        Encoding.ASCII.GetBytes(value, _buffer.AsSpan(_position));
        _position += value.Length;
    }

    /// <summary>Writes an AE title field: 16 bytes, space padded (PS3.8 Table 9-11).</summary>
    public void WriteAeTitle(string value, string what)
    {
        if (value.Length > PduLayout.AeTitleLength)
        {
            throw new ArgumentException($"{what} \"{value}\" is longer than {PduLayout.AeTitleLength} characters.");
        }

        WriteAscii(value, what);
        Ensure(PduLayout.AeTitleLength - value.Length);
        _buffer.AsSpan(_position, PduLayout.AeTitleLength - value.Length).Fill((byte)' ');
        _position += PduLayout.AeTitleLength - value.Length;
    }

    /// <summary>Writes an item header with a placeholder length; returns the mark for <see cref="EndItem"/>.</summary>
    public int BeginItem(byte itemType)
    {
        WriteByte(itemType);
        WriteByte(0);
        WriteUInt16(0);
        return _position;
    }

    /// <summary>Patches the 2-byte length of the item begun at <paramref name="mark"/>.</summary>
    public void EndItem(int mark)
    {
        int length = _position - mark;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"Item 0x{_buffer[mark - PduLayout.ItemHeaderLength]:X2} would be {length} bytes long; an item length field holds at most {ushort.MaxValue}.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(mark - 2), (ushort)length);
    }

    /// <summary>Patches a 2-byte length field at <paramref name="lengthAt"/> with the count of bytes written after it.</summary>
    public void EndLengthPrefixed16(int lengthAt, string what)
    {
        int length = _position - lengthAt - 2;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"{what} would be {length} bytes long; its length field holds at most {ushort.MaxValue}.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)length);
    }

    /// <summary>Writes a 2-byte length and then the ASCII text (the UID fields inside sub-items, PS3.7 Annex D.3.3).</summary>
    public void WriteLengthPrefixedAscii(string value, string what)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"{what} is longer than {ushort.MaxValue} characters.");
        }

        WriteUInt16((ushort)value.Length);
        WriteAscii(value, what);
    }

    public void WriteLengthPrefixedBytes(ReadOnlySpan<byte> value, string what)
    {
        if (value.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"{what} is longer than {ushort.MaxValue} bytes.");
        }

        WriteUInt16((ushort)value.Length);
        WriteBytes(value);
    }

    /// <summary>Patches the PDU header's 4-byte length once the whole body is written.</summary>
    public byte[] ToPduArray()
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(2), (uint)(_position - PduLayout.PduHeaderLength));
        return _buffer.AsSpan(0, _position).ToArray();
    }

    private static void RequireAscii(string value, string what)
    {
        if (!Ascii.IsValid(value))
        {
            throw new ArgumentException($"{what} \"{value}\" contains characters outside ASCII.");
        }
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        int size = Math.Max(_buffer.Length * 2, _position + count);
        Array.Resize(ref _buffer, size);
    }
}
