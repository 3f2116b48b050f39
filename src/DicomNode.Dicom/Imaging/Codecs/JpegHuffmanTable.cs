namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// A Huffman decoding table from a DHT segment (ITU-T T.81 §B.2.4.2), decoded as §F.2.2.3 describes, with
/// a lookup of the first <see cref="LookupBits"/> bits so that most codes take one step.
/// </summary>
internal sealed class JpegHuffmanTable
{
    private const int LookupBits = 9;

    // Per code length 1…16 (T.81 Figure F.15, F.16): the largest code, and where its values start.
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    // Lookup on the next LookupBits bits: the code's length (0 when longer) and its value.
    private readonly byte[] _lookupLength = new byte[1 << LookupBits];
    private readonly byte[] _lookupValue = new byte[1 << LookupBits];

    // Lossless differences decoded whole from the next DifferenceBits bits, code and extra bits together, where they
    // fit: how many bits they take (0 when they do not fit) and the difference. Built on first use.
    private const int DifferenceBits = 12;
    private byte[]? _differenceLength;
    private int[]? _differenceValue;

    /// <param name="counts">BITS: how many codes of each length 1…16.</param>
    /// <param name="values">HUFFVAL, in order of increasing code length.</param>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        // T.81 Annex C: codes are assigned in order of length, each length starting from the last code + 1, doubled.
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var count = counts[length - 1];
            _valueOffset[length] = k - code;
            if (count == 0)
            {
                _maxCode[length] = -1;
            }
            else
            {
                for (var i = 0; i < count; i++, k++, code++)
                {
                    if (length <= LookupBits)
                    {
                        var shift = LookupBits - length;
                        for (var fill = 0; fill < 1 << shift; fill++)
                        {
                            _lookupLength[(code << shift) | fill] = (byte)length;
                            _lookupValue[(code << shift) | fill] = _values[k];
                        }
                    }
                }

                _maxCode[length] = code - 1;
            }

            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    /// <summary>
    /// The next lossless difference (T.81 §H.1.2.2): the category SSSS, then SSSS extra bits extended to a signed
    /// value; SSSS 16 is 32768 with no extra bits. Short codes with few extra bits come from one table lookup.
    /// </summary>
    public int DecodeDifference(ref JpegBitReader reader)
    {
        if (_differenceLength is null)
        {
            BuildDifferenceLookup();
        }

        var peek = reader.Peek(DifferenceBits);
        var length = _differenceLength![peek];
        if (length != 0)
        {
            reader.Skip(length);
            return _differenceValue![peek];
        }

        var ssss = Decode(ref reader);
        return ssss switch
        {
            0 => 0,
            16 => 32768,
            > 16 => throw new InvalidDataException($"difference category {ssss}"),
            _ => Extend(reader.Receive(ssss), ssss),
        };
    }

    /// <summary>T.81 §F.2.2.1, EXTEND: a value whose leading bit is 0 is negative.</summary>
    public static int Extend(int value, int bits) =>
        value < 1 << (bits - 1) ? value - (1 << bits) + 1 : value;

    private void BuildDifferenceLookup()
    {
        var lengths = new byte[1 << DifferenceBits];
        var values = new int[1 << DifferenceBits];
        for (var bits = 0; bits < 1 << DifferenceBits; bits++)
        {
            var head = bits >> (DifferenceBits - LookupBits);
            var codeLength = _lookupLength[head];
            if (codeLength == 0)
            {
                continue;
            }

            var ssss = _lookupValue[head];
            if (ssss == 0 || ssss == 16)
            {
                (lengths[bits], values[bits]) = ((byte)codeLength, ssss == 0 ? 0 : 32768);
            }
            else if (ssss < 16 && codeLength + ssss <= DifferenceBits)
            {
                var extra = (bits >> (DifferenceBits - codeLength - ssss)) & ((1 << ssss) - 1);
                (lengths[bits], values[bits]) = ((byte)(codeLength + ssss), Extend(extra, ssss));
            }
        }

        _differenceValue = values;
        _differenceLength = lengths;
    }

    /// <summary>The next value: for a lossless scan, the magnitude category SSSS of a difference (T.81 §H.1.2.2).</summary>
    public int Decode(ref JpegBitReader reader)
    {
        var peek = reader.Peek(LookupBits);
        var length = _lookupLength[peek];
        if (length != 0)
        {
            reader.Skip(length);
            return _lookupValue[peek];
        }

        // T.81 Figure F.16: extend the code bit by bit until it is at most MAXCODE of its length.
        var code = (int)reader.Peek(LookupBits);
        reader.Skip(LookupBits);
        var bits = LookupBits;
        while (code > _maxCode[bits])
        {
            code = (code << 1) | (int)reader.Peek(1);
            reader.Skip(1);
            bits++;
            if (bits > 16)
            {
                throw new InvalidDataException("a Huffman code longer than 16 bits");
            }
        }

        return _values[code + _valueOffset[bits]];
    }
}
