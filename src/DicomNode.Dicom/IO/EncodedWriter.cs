using System.Buffers.Binary;

namespace DicomNode.Dicom.IO;

/// <summary>A small buffered writer of Little Endian primitives over a stream.</summary>
internal sealed class EncodedWriter
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _count;

    public EncodedWriter(Stream stream) => _stream = stream;

    public long Written { get; private set; }

    public void WriteUInt16(ushort value)
    {
        Reserve(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_count), value);
        Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        Reserve(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_count), value);
        Advance(4);
    }

    public void WriteTag(DicomTag tag)
    {
        WriteUInt16(tag.Group);
        WriteUInt16(tag.Element);
    }

    public void WriteByte(byte value)
    {
        Reserve(1);
        _buffer[_count] = value;
        Advance(1);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _buffer.Length / 2)
        {
            Flush();
            _stream.Write(bytes);
            Written += bytes.Length;
            return;
        }

        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_count));
        Advance(bytes.Length);
    }

    public void WriteZeros(int count)
    {
        Reserve(count);
        _buffer.AsSpan(_count, count).Clear();
        Advance(count);
    }

    public void Flush()
    {
        if (_count > 0)
        {
            _stream.Write(_buffer, 0, _count);
            _count = 0;
        }
    }

    private void Reserve(int count)
    {
        if (_buffer.Length - _count < count)
        {
            Flush();
        }
    }

    private void Advance(int count)
    {
        _count += count;
        Written += count;
    }
}
