using System.Buffers.Binary;

namespace DicomNode.Dicom.IO;

/// <summary>
/// Walks the structure of an encoded data set as it streams by (PS3.5 §7): element headers, defined lengths,
/// sequences and items of undefined length with their delimiters, encapsulated fragments. What is kept is
/// copied to a bounded buffer for <see cref="DatasetParser"/>; everything else is skipped, never held.
/// </summary>
internal sealed class DatasetWalker
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private const int CopyChunk = 64 * 1024;
    private readonly ForwardStream _input;
    private readonly MemoryStream _kept;
    private readonly long _maxKept;
    private readonly int _maxDepth;
    private bool _explicitVR;
    private bool _bigEndian;

    public DatasetWalker(ForwardStream input, MemoryStream kept, long maxKept, int maxDepth, DicomTransferSyntax syntax)
    {
        _input = input;
        _kept = kept;
        _maxKept = maxKept;
        _maxDepth = maxDepth;
        _explicitVR = syntax.IsExplicitVR;
        _bigEndian = syntax.IsBigEndian;
    }

    /// <summary>Top-level elements: kept while before <paramref name="stopAt"/>; the rest walked or left unread.</summary>
    public void TopLevel(DicomTag stopAt, bool scanToEnd)
    {
        var keeping = true;
        while (true)
        {
            var head = _input.Peek(4);
            if (head.Length == 0)
            {
                return;
            }

            if (head.Length < 4)
            {
                throw Error($"Unexpected end of data: 4 bytes needed for a tag, {head.Length} remain", _input.Consumed, null);
            }

            var tag = TagOf(head);
            keeping = keeping && tag < stopAt;
            if (!keeping && !scanToEnd)
            {
                return;
            }

            if (tag == DicomTag.ItemDelimitationItem || tag == DicomTag.SequenceDelimitationItem)
            {
                // A stray delimiter between top-level elements carries no data; the parser skips it too.
                Header(8, keeping, tag);
                continue;
            }

            Element(keeping, depth: 0);
        }
    }

    /// <summary>One element, its header and value, from the current position.</summary>
    public void Element(bool keep, int depth)
    {
        var start = _input.Consumed;
        Span<byte> header = stackalloc byte[12];
        Read(header[..4], null);
        var tag = TagOf(header);
        if (tag.IsDelimiter)
        {
            throw Error("Item or delimiter tag where a data element was expected", start, tag);
        }

        int headerLength;
        uint length;
        var contentsImplicit = false;
        if (_explicitVR)
        {
            Read(header.Slice(4, 4), tag);
            if (DicomVRInfo.TryParse(header.Slice(4, 2), out var vr))
            {
                if (DicomVRInfo.Of(vr).HasLongLength)
                {
                    Read(header.Slice(8, 4), tag);
                    headerLength = 12;
                    length = UInt32(header[8..]);
                }
                else
                {
                    headerLength = 8;
                    length = UInt16(header[6..]);
                }

                // PS3.5 §6.2.2: an undefined-length UN holds a sequence encoded in Implicit VR Little Endian.
                contentsImplicit = vr == DicomVR.UN;
            }
            else if (header[4] >= 0x20 && header[4] < 0x7F && header[5] >= 0x20 && header[5] < 0x7F)
            {
                // Printable but unknown (a later edition's VR): PS3.5 §6.2, treat as UN with a 32-bit length.
                Read(header.Slice(8, 4), tag);
                headerLength = 12;
                length = UInt32(header[8..]);
                contentsImplicit = true;
            }
            else
            {
                // Implicitly encoded despite the transfer syntax, as some writers do: a 32-bit length follows the tag.
                headerLength = 8;
                length = UInt32(header[4..]);
            }
        }
        else
        {
            Read(header.Slice(4, 4), tag);
            headerLength = 8;
            length = UInt32(header[4..]);
        }

        if (keep)
        {
            Keep(header[..headerLength], start, tag);
        }

        if (length != UndefinedLength)
        {
            Value(length, keep, start, tag);
            return;
        }

        var (wasExplicit, wasBig) = (_explicitVR, _bigEndian);
        if (contentsImplicit)
        {
            (_explicitVR, _bigEndian) = (false, false);
        }

        try
        {
            Items(keep, depth + 1, start, tag);
        }
        finally
        {
            (_explicitVR, _bigEndian) = (wasExplicit, wasBig);
        }
    }

    /// <summary>The items of a sequence or the fragments of encapsulated pixel data, to the Sequence Delimitation Item.</summary>
    private void Items(bool keep, int depth, long start, DicomTag tag)
    {
        if (depth > _maxDepth)
        {
            throw Error($"Sequences nest deeper than the limit of {_maxDepth}", start, tag);
        }

        Span<byte> header = stackalloc byte[8];
        while (true)
        {
            var itemStart = _input.Consumed;
            Read(header, tag);
            var itemTag = TagOf(header);
            var itemLength = UInt32(header[4..]);
            if (keep)
            {
                Keep(header, itemStart, tag);
            }

            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                return;
            }

            if (itemTag != DicomTag.Item)
            {
                throw Error($"Expected an item (FFFE,E000) but found {itemTag}", itemStart, tag);
            }

            if (itemLength != UndefinedLength)
            {
                Value(itemLength, keep, itemStart, tag);
                continue;
            }

            // PS3.5 §7.5.2: an undefined-length item ends at (FFFE,E00D).
            while (true)
            {
                var next = _input.Peek(4);
                if (next.Length < 4)
                {
                    throw Error("Item of undefined length ends without an Item Delimitation Item", _input.Consumed, tag);
                }

                if (TagOf(next) == DicomTag.ItemDelimitationItem)
                {
                    var delimiterStart = _input.Consumed;
                    Read(header, tag);
                    if (keep)
                    {
                        Keep(header, delimiterStart, tag);
                    }

                    break;
                }

                Element(keep, depth);
            }
        }
    }

    private void Header(int length, bool keep, DicomTag tag)
    {
        var start = _input.Consumed;
        Span<byte> header = stackalloc byte[8];
        Read(header[..length], tag);
        if (keep)
        {
            Keep(header[..length], start, tag);
        }
    }

    private void Value(uint length, bool keep, long start, DicomTag tag)
    {
        if (!keep)
        {
            if (_input.Skip(length) != length)
            {
                throw Error($"Value length {length} exceeds the bytes that remain", start, tag);
            }

            return;
        }

        if (_kept.Length + length > _maxKept)
        {
            throw new DicomFormatException($"The header before the stop tag exceeds the limit of {_maxKept} bytes", start, tag) { ExceedsLimit = true };
        }

        var chunk = new byte[(int)Math.Min(length, CopyChunk)];
        var remaining = (long)length;
        while (remaining > 0)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(remaining, chunk.Length));
            if (!_input.TryReadExactly(part))
            {
                throw Error($"Value length {length} exceeds the bytes that remain", start, tag);
            }

            _kept.Write(part);
            remaining -= part.Length;
        }
    }

    private void Keep(ReadOnlySpan<byte> bytes, long start, DicomTag tag)
    {
        if (_kept.Length + bytes.Length > _maxKept)
        {
            throw new DicomFormatException($"The header before the stop tag exceeds the limit of {_maxKept} bytes", start, tag) { ExceedsLimit = true };
        }

        _kept.Write(bytes);
    }

    private void Read(Span<byte> destination, DicomTag? tag)
    {
        var at = _input.Consumed;
        if (!_input.TryReadExactly(destination))
        {
            throw Error($"Unexpected end of data: {destination.Length} bytes needed", at, tag);
        }
    }

    private DicomTag TagOf(ReadOnlySpan<byte> span) => _bigEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(span), BinaryPrimitives.ReadUInt16BigEndian(span[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(span), BinaryPrimitives.ReadUInt16LittleEndian(span[2..]));

    private uint UInt32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);

    private ushort UInt16(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private static DicomFormatException Error(string message, long position, DicomTag? tag) => new(message, position, tag);
}
