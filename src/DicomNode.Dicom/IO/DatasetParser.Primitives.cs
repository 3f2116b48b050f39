using System.Buffers.Binary;

namespace DicomNode.Dicom.IO;

/// <summary>Bounds-checked reads of tags and lengths in the current byte order.</summary>
internal sealed partial class DatasetParser
{
    private void Need(int count, int end, DicomTag? tag)
    {
        if (end - _position < count)
        {
            throw Error($"Unexpected end of data: {count} bytes needed, {Math.Max(0, end - _position)} remain", _position, tag);
        }
    }

    private DicomTag PeekTag(int end)
    {
        Need(4, end, null);
        var span = _buffer.Span[_position..];
        return _bigEndian
            ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[2..]))
            : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));
    }

    private DicomTag ReadTag(int end)
    {
        var tag = PeekTag(end);
        _position += 4;
        return tag;
    }

    private uint ReadUInt32(int end, DicomTag tag)
    {
        Need(4, end, tag);
        var span = _buffer.Span[_position..];
        _position += 4;
        return _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    private ushort ReadUInt16(int end, DicomTag tag)
    {
        Need(2, end, tag);
        var span = _buffer.Span[_position..];
        _position += 2;
        return _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);
    }
}
