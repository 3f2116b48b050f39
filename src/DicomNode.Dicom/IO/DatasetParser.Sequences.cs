namespace DicomNode.Dicom.IO;

/// <summary>Sequences, items and encapsulated fragments (PS3.5 §7.5 and §A.4).</summary>
internal sealed partial class DatasetParser
{
    private DicomSequence ReadSequence(DicomTag tag, DicomDataset owner, int end, bool undefinedLength, int start)
    {
        if (++_depth > _options.MaxSequenceDepth)
        {
            throw Error($"Sequences nest deeper than the limit of {_options.MaxSequenceDepth}", start, tag);
        }

        var sequence = new DicomSequence(tag);
        while (true)
        {
            if (!undefinedLength && _position >= end)
            {
                break;
            }

            var itemStart = _position;
            var itemTag = ReadTag(end);
            var itemLength = ReadUInt32(end, itemTag);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                if (!undefinedLength)
                {
                    throw Error("Sequence Delimitation Item in a sequence of defined length", itemStart, tag);
                }

                break;
            }

            if (itemTag != DicomTag.Item)
            {
                throw Error($"Expected an item (FFFE,E000) in the sequence but found {itemTag}", itemStart, tag);
            }

            // Link the item to its owner now: ambiguous VRs and text inside it are resolved with the owner's context.
            var item = new DicomDataset { Parent = owner };
            sequence.Items.Add(item);
            if (itemLength == UndefinedLength)
            {
                // PS3.5 §7.5.2: an undefined-length item ends at (FFFE,E00D).
                ReadElements(item, end, untilDelimiter: true);
            }
            else
            {
                if (itemLength > (uint)(end - _position))
                {
                    throw Error($"Item length {itemLength} exceeds the {end - _position} bytes that remain", itemStart, tag);
                }

                ReadElements(item, _position + (int)itemLength, untilDelimiter: false);
            }
        }

        _depth--;
        return sequence;
    }

    private DicomFragmentSequence ReadFragments(DicomTag tag, DicomVR vr, int end, int start)
    {
        // PS3.5 §A.4: items of defined length; the first is the Basic Offset Table, possibly empty.
        ReadOnlyMemory<byte>? offsetTable = null;
        var fragments = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            var itemStart = _position;
            var itemTag = ReadTag(end);
            var itemLength = ReadUInt32(end, itemTag);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                break;
            }

            if (itemTag != DicomTag.Item)
            {
                throw Error($"Expected a fragment item (FFFE,E000) but found {itemTag}", itemStart, tag);
            }

            if (itemLength == UndefinedLength || itemLength > (uint)(end - _position))
            {
                throw Error($"Fragment length {itemLength} exceeds the {end - _position} bytes that remain", itemStart, tag);
            }

            var bytes = _buffer.Slice(_position, (int)itemLength);
            _position += (int)itemLength;
            if (offsetTable is null)
            {
                offsetTable = _bigEndian ? ByteSwap.ToLittleEndian(bytes, DicomVR.UL) : bytes;
            }
            else
            {
                fragments.Add(bytes);
            }
        }

        return new DicomFragmentSequence(tag, vr, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments);
    }
}
