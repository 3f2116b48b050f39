namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// Reads the entropy-coded segment of a JPEG scan bit by bit, most significant first, dropping the zero
/// byte stuffed after each 0xFF (T.81 §F.1.2.3) and stopping at the next marker, past which it reads zeros.
/// </summary>
internal ref struct JpegBitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private ulong _bits;
    private int _count;

    public JpegBitReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        Position = position;
    }

    /// <summary>The offset of the next unread byte; at a marker once the segment is used up.</summary>
    public int Position { get; private set; }

    /// <summary>True once the reader has met a marker and pads with zeros.</summary>
    public bool AtMarker { get; private set; }

    public uint Peek(int count)
    {
        if (_count < count)
        {
            Fill();
        }

        return (uint)(_bits >> (64 - count));
    }

    public void Skip(int count)
    {
        _bits <<= count;
        _count -= count;
    }

    /// <summary>The next <paramref name="count"/> (1…16) bits as an unsigned number.</summary>
    public int Receive(int count)
    {
        var value = (int)Peek(count);
        Skip(count);
        return value;
    }

    /// <summary>
    /// Drops the bits left in the current byte and expects RSTm (T.81 §B.2.1, §E.1.4); a decoder that
    /// lost a restart marker resynchronises on the next one it finds.
    /// </summary>
    public bool Restart()
    {
        _bits = 0;
        _count = 0;
        AtMarker = false;
        while (Position + 1 < _data.Length)
        {
            if (_data[Position] == 0xFF && _data[Position + 1] >= 0xD0 && _data[Position + 1] <= 0xD7)
            {
                Position += 2;
                return true;
            }

            Position++;
        }

        return false;
    }

    private void Fill()
    {
        while (_count <= 56)
        {
            ulong next = 0;
            if (!AtMarker && Position < _data.Length)
            {
                var b = _data[Position];
                if (b == 0xFF)
                {
                    var following = Position + 1 < _data.Length ? _data[Position + 1] : (byte)0xD9;
                    if (following == 0x00)
                    {
                        Position += 2;
                        next = 0xFF;
                    }
                    else
                    {
                        AtMarker = true;
                    }
                }
                else
                {
                    Position++;
                    next = b;
                }
            }

            _bits |= next << (56 - _count);
            _count += 8;
        }
    }
}
