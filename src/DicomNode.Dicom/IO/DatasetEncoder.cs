namespace DicomNode.Dicom.IO;

/// <summary>
/// Encodes a data set in Little Endian, explicit or implicit VR (PS3.5 §7.1). Values are padded to even
/// length with their VR's padding byte; sequences and items use undefined length with delimiters, which
/// every reader must accept (PS3.5 §7.5); group length elements, retired outside group 0002, are left out
/// because any transcoding would make them wrong.
/// </summary>
internal sealed class DatasetEncoder
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly EncodedWriter _writer;
    private readonly bool _explicitVR;

    public DatasetEncoder(EncodedWriter writer, bool explicitVR)
    {
        _writer = writer;
        _explicitVR = explicitVR;
    }

    public void WriteDataset(DicomDataset dataset)
    {
        foreach (var element in dataset.Elements)
        {
            if (element.Tag.IsGroupLength && element.Tag.Group != 0x0002)
            {
                continue;
            }

            switch (element)
            {
                case DicomValueElement value:
                    WriteValue(value);
                    break;
                case DicomSequence sequence:
                    WriteSequence(sequence);
                    break;
                case DicomFragmentSequence fragments:
                    WriteFragments(fragments);
                    break;
            }
        }
    }

    private void WriteValue(DicomValueElement element)
    {
        var bytes = element.Bytes.Span;
        var padded = bytes.Length + (bytes.Length & 1);
        var vr = element.VR;
        if (_explicitVR && !DicomVRInfo.Of(vr).HasLongLength && padded > ushort.MaxValue)
        {
            // A value too long for a 16-bit length field can only travel as UN (PS3.5 §6.2.2).
            vr = DicomVR.UN;
        }

        WriteHeader(element.Tag, vr, (uint)padded);
        _writer.WriteBytes(bytes);
        if ((bytes.Length & 1) == 1)
        {
            _writer.WriteByte(DicomVRInfo.Of(element.VR).PaddingByte);
        }
    }

    private void WriteSequence(DicomSequence sequence)
    {
        WriteHeader(sequence.Tag, DicomVR.SQ, UndefinedLength);
        foreach (var item in sequence.Items)
        {
            _writer.WriteTag(DicomTag.Item);
            _writer.WriteUInt32(UndefinedLength);
            WriteDataset(item);
            _writer.WriteTag(DicomTag.ItemDelimitationItem);
            _writer.WriteUInt32(0);
        }

        _writer.WriteTag(DicomTag.SequenceDelimitationItem);
        _writer.WriteUInt32(0);
    }

    private void WriteFragments(DicomFragmentSequence fragments)
    {
        // PS3.5 §A.4: OB with undefined length, the Basic Offset Table item, one item per fragment.
        WriteHeader(fragments.Tag, fragments.VR, UndefinedLength);
        WriteItem(fragments.OffsetTableBytes.Span);
        foreach (var fragment in fragments.Fragments)
        {
            WriteItem(fragment.Span);
        }

        _writer.WriteTag(DicomTag.SequenceDelimitationItem);
        _writer.WriteUInt32(0);
    }

    private void WriteItem(ReadOnlySpan<byte> bytes)
    {
        _writer.WriteTag(DicomTag.Item);
        _writer.WriteUInt32((uint)(bytes.Length + (bytes.Length & 1)));
        _writer.WriteBytes(bytes);
        if ((bytes.Length & 1) == 1)
        {
            _writer.WriteByte(0);
        }
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        _writer.WriteTag(tag);
        if (!_explicitVR)
        {
            _writer.WriteUInt32(length);
            return;
        }

        _writer.WriteBytes(DicomVRInfo.CodeBytes(vr));
        if (DicomVRInfo.Of(vr).HasLongLength)
        {
            _writer.WriteUInt16(0);
            _writer.WriteUInt32(length);
        }
        else
        {
            _writer.WriteUInt16((ushort)length);
        }
    }
}
