using System.Buffers.Binary;
using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom.IO;

/// <summary>
/// A forward-only parser of an encoded data set held in memory (PS3.5 §7). Every length is checked
/// against the bytes that remain before it is used, so no input makes it allocate more than exists.
/// </summary>
internal sealed partial class DatasetParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelDataTag = new(0x7FE0, 0x0010);
    private static readonly DicomTag PixelRepresentationTag = new(0x0028, 0x0103);

    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly DicomReadOptions _options;
    private readonly long _offsetBase;
    private bool _explicitVR;
    private bool _bigEndian;
    private int _position;
    private int _depth;

    public DatasetParser(ReadOnlyMemory<byte> buffer, long offsetBase, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        _buffer = buffer;
        _offsetBase = offsetBase;
        _options = options;
        _explicitVR = syntax.IsExplicitVR;
        _bigEndian = syntax.IsBigEndian;
    }

    private int Remaining => _buffer.Length - _position;

    /// <summary>Reads the group 0002 elements from <paramref name="start"/> in Explicit VR Little Endian (PS3.10 §7.1).</summary>
    public DicomDataset ReadMetaGroup(int start, out int end)
    {
        _position = start;
        var meta = new DicomDataset();
        while (Remaining >= 4 && BinaryPrimitives.ReadUInt16LittleEndian(_buffer.Span[_position..]) == 0x0002)
        {
            meta.AddInOrder(ReadElement(meta));
        }

        end = _position;
        return meta;
    }

    /// <summary>Reads the top-level data set from <paramref name="start"/> to the end of the buffer.</summary>
    public DicomDataset ReadTopLevel(int start)
    {
        _position = start;
        var dataset = new DicomDataset();
        ReadElements(dataset, _buffer.Length, untilDelimiter: false);
        return dataset;
    }

    private void ReadElements(DicomDataset dataset, int end, bool untilDelimiter)
    {
        var topLevel = _depth == 0;
        while (_position < end)
        {
            var start = _position;
            var tag = PeekTag(end);
            if (tag == DicomTag.ItemDelimitationItem)
            {
                _position += 4;
                ReadUInt32(end, tag);
                if (untilDelimiter)
                {
                    return;
                }

                if (!topLevel)
                {
                    throw Error("Item Delimitation Item inside an item of defined length", start, tag);
                }

                // A stray delimiter between top-level elements carries no data; skip it as DCMTK does.
                continue;
            }

            if (tag == DicomTag.SequenceDelimitationItem && topLevel)
            {
                _position += 4;
                ReadUInt32(end, tag);
                continue;
            }

            if (tag.IsDelimiter)
            {
                throw Error("Item or delimiter tag where a data element was expected", start, tag);
            }

            if (topLevel && _options.StopBeforePixelData && tag >= PixelDataTag)
            {
                _position = end;
                return;
            }

            dataset.AddInOrder(ReadElement(dataset, end));
        }

        if (untilDelimiter)
        {
            throw Error("Item of undefined length ends without an Item Delimitation Item", _position, null);
        }
    }

    private DicomElement ReadElement(DicomDataset owner) => ReadElement(owner, _buffer.Length);

    private DicomElement ReadElement(DicomDataset owner, int end)
    {
        var start = _position;
        var tag = ReadTag(end);
        DicomVR vr;
        uint length;
        if (_explicitVR)
        {
            (vr, length) = ReadExplicitHeader(tag, owner, end, start);
        }
        else
        {
            vr = ImplicitVR(tag, owner);
            length = ReadUInt32(end, tag);
        }

        if (length == UndefinedLength)
        {
            return ReadUndefinedLength(tag, vr, owner, end, start);
        }

        if (length > (uint)(end - _position))
        {
            throw Error($"Element length {length} exceeds the {end - _position} bytes that remain", start, tag);
        }

        if (length > _options.MaxElementLength)
        {
            throw Error($"Element length {length} exceeds the limit of {_options.MaxElementLength} bytes", start, tag);
        }

        var valueEnd = _position + (int)length;
        if (vr == DicomVR.SQ)
        {
            var sequence = ReadSequence(tag, owner, valueEnd, undefinedLength: false, start);
            _position = valueEnd;
            return sequence;
        }

        var bytes = _buffer.Slice(_position, (int)length);
        _position = valueEnd;
        if (_bigEndian)
        {
            bytes = ByteSwap.ToLittleEndian(bytes, vr);
        }

        return new DicomValueElement(tag, vr, bytes);
    }

    private (DicomVR Vr, uint Length) ReadExplicitHeader(DicomTag tag, DicomDataset owner, int end, int start)
    {
        Need(2, end, tag);
        var code = _buffer.Span.Slice(_position, 2);
        if (!DicomVRInfo.TryParse(code, out var vr))
        {
            // Not a VR code: the element is implicitly encoded despite the transfer syntax, which some
            // writers do. Read it that way rather than lose the rest of the data set.
            if (code[0] >= 0x20 && code[0] < 0x7F && code[1] >= 0x20 && code[1] < 0x7F)
            {
                // Printable but unknown (a VR from a later edition): PS3.5 §6.2 says treat as UN with a 32-bit length.
                _position += 4;
                return (DicomVR.UN, ReadUInt32(end, tag));
            }

            return (ImplicitVR(tag, owner), ReadUInt32(end, tag));
        }

        _position += 2;
        if (DicomVRInfo.Of(vr).HasLongLength)
        {
            Need(2, end, tag);
            _position += 2;
            return (vr, ReadUInt32(end, tag));
        }

        return (vr, ReadUInt16(end, tag));
    }

    private DicomElement ReadUndefinedLength(DicomTag tag, DicomVR vr, DicomDataset owner, int end, int start)
    {
        switch (vr)
        {
            case DicomVR.SQ:
                return ReadSequence(tag, owner, end, undefinedLength: true, start);
            case DicomVR.UN:
            {
                // PS3.5 §6.2.2: an undefined-length UN holds a sequence encoded in Implicit VR Little Endian.
                var (wasExplicit, wasBig) = (_explicitVR, _bigEndian);
                (_explicitVR, _bigEndian) = (false, false);
                try
                {
                    return ReadSequence(tag, owner, end, undefinedLength: true, start);
                }
                finally
                {
                    (_explicitVR, _bigEndian) = (wasExplicit, wasBig);
                }
            }

            case DicomVR.OB or DicomVR.OW:
                // PS3.5 §A.4: encapsulated pixel data is OB. Implicit VR gives no VR and the dictionary's
                // OB or OW resolves to OW, which would be wrong here; an explicit VR is kept as written.
                return ReadFragments(tag, _explicitVR ? vr : DicomVR.OB, end, start);
            default:
                throw Error($"Undefined length is not allowed for VR {vr}", start, tag);
        }
    }

    private DicomVR ImplicitVR(DicomTag tag, DicomDataset owner)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (tag.IsPrivate)
        {
            return DicomVR.UN;
        }

        var entry = DicomDictionary.Lookup(tag);
        if (entry is null)
        {
            return DicomVR.UN;
        }

        var vrs = entry.ValueRepresentations;
        if (vrs.Length <= 1)
        {
            return entry.VR;
        }

        // PS3.5 §A.1 and the ambiguous VRs of PS3.6: choose by context.
        if (Array.IndexOf(vrs, DicomVR.SS) >= 0 && Array.IndexOf(vrs, DicomVR.US) >= 0)
        {
            return IsSignedPixelData(owner) ? DicomVR.SS : DicomVR.US;
        }

        if (Array.IndexOf(vrs, DicomVR.OW) >= 0)
        {
            return DicomVR.OW;
        }

        return entry.VR;
    }

    private static bool IsSignedPixelData(DicomDataset owner)
    {
        for (var d = owner; d is not null; d = d.Parent)
        {
            if (d.TryGetUInt16(PixelRepresentationTag, out var representation))
            {
                return representation == 1;
            }
        }

        return false;
    }

    private DicomFormatException Error(string message, long position, DicomTag? tag) =>
        new(message, _offsetBase + position, tag);
}
