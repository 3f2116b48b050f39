using System.Buffers.Binary;
using System.Text;

namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// A forward-only, bounds-checked view of one PDU body or one item inside it. Every read is checked
/// against the bytes left in this view, so an item can never read past its enclosing item; a short
/// read becomes a <see cref="PduFormatException"/> with the offset in the PDU.
/// </summary>
internal sealed class PduCursor
{
    private readonly ReadOnlyMemory<byte> _memory;
    private readonly int _baseOffset;
    private readonly PduType _pduType;
    private int _position;

    public PduCursor(ReadOnlyMemory<byte> memory, int baseOffset, PduType pduType)
    {
        _memory = memory;
        _baseOffset = baseOffset;
        _pduType = pduType;
    }

    public int Remaining => _memory.Length - _position;

    /// <summary>Offset of the next byte from the start of the PDU, header included.</summary>
    public int Offset => _baseOffset + _position;

    public byte ReadByte()
    {
        Require(1, "a 1-byte field");
        return _memory.Span[_position++];
    }

    public ushort ReadUInt16()
    {
        Require(2, "a 2-byte field");
        ushort value = BinaryPrimitives.ReadUInt16BigEndian(_memory.Span[_position..]);
        _position += 2;
        return value;
    }

    public uint ReadUInt32()
    {
        Require(4, "a 4-byte field");
        uint value = BinaryPrimitives.ReadUInt32BigEndian(_memory.Span[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>A slice of the underlying body: no copy.</summary>
    public ReadOnlyMemory<byte> ReadBytes(int count, string what)
    {
        Require(count, what);
        ReadOnlyMemory<byte> value = _memory.Slice(_position, count);
        _position += count;
        return value;
    }

    /// <summary>A bounded view of the next <paramref name="count"/> bytes, for a list with its own length.</summary>
    public PduCursor ReadView(int count, string what)
    {
        int offset = Offset;
        return new PduCursor(ReadBytes(count, what), offset, _pduType);
    }

    public void Skip(int count) => ReadBytes(count, "reserved bytes");

    /// <summary>The rest of this view as a slice.</summary>
    public ReadOnlyMemory<byte> ReadRemaining() => ReadBytes(Remaining, "the rest of the item");

    /// <summary>Reads an item header (type, reserved, 2-byte length) and returns a view of the item's value.</summary>
    public PduCursor ReadItem(out byte itemType)
    {
        if (Remaining < PduLayout.ItemHeaderLength)
        {
            throw Error($"{Remaining} byte(s) left where an item header of {PduLayout.ItemHeaderLength} bytes was expected.");
        }

        itemType = ReadByte();
        Skip(1);
        int length = ReadUInt16();
        if (length > Remaining)
        {
            throw Error($"Item 0x{itemType:X2} claims {length} bytes but only {Remaining} remain in its enclosing item.", Offset - 2);
        }

        var item = new PduCursor(_memory.Slice(_position, length), Offset, _pduType);
        _position += length;
        return item;
    }

    /// <summary>A UID (or other text) that fills the view; a trailing NUL or space pad is tolerated (PS3.8 §9.3.2.2.1).</summary>
    public string ReadUidToEnd() => ReadText(Remaining);

    /// <summary>A 2-byte length and then that many bytes of text (the UID fields of PS3.7 Annex D.3.3 sub-items).</summary>
    public string ReadLengthPrefixedUid()
    {
        int length = ReadUInt16();
        return ReadText(length);
    }

    /// <summary>A 2-byte length and then that many opaque bytes.</summary>
    public ReadOnlyMemory<byte> ReadLengthPrefixedBytes(string what)
    {
        int length = ReadUInt16();
        return ReadBytes(length, what);
    }

    /// <summary>A 16-byte AE title field: spaces are not significant (PS3.8 Table 9-11).</summary>
    public string ReadAeTitle()
    {
        ReadOnlySpan<byte> field = ReadBytes(PduLayout.AeTitleLength, "an AE title").Span;
        return Encoding.ASCII.GetString(field).Trim(' ', '\0');
    }

    public void RequireEnd(string what)
    {
        if (Remaining != 0)
        {
            throw Error($"{Remaining} unexpected byte(s) after {what}.");
        }
    }

    public PduFormatException Error(string message, int? offset = null, AbortReason reason = AbortReason.InvalidPduParameterValue) =>
        new(message, reason, _pduType, offset ?? Offset);

    private string ReadText(int length)
    {
        ReadOnlySpan<byte> bytes = ReadBytes(length, "a UID").Span;
        return Encoding.ASCII.GetString(bytes).TrimEnd('\0', ' ');
    }

    private void Require(int count, string what)
    {
        if (count > Remaining)
        {
            throw Error($"{what} of {count} byte(s) runs past the end of its item ({Remaining} byte(s) left).");
        }
    }
}
