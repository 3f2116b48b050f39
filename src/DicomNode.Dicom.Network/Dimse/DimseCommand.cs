using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set (PS3.7 §6.3, §9.3): group 0000 elements, always encoded in Implicit VR Little
/// Endian whatever the presentation context's transfer syntax, led by Command Group Length (0000,0000).
/// </summary>
public sealed class DimseCommand
{
    /// <summary>Command Data Set Type (0000,0800) meaning no data set follows (PS3.7 §E.1).</summary>
    public const ushort NoDataSet = 0x0101;

    /// <summary>Any other value means a data set follows; this is the one we send.</summary>
    public const ushort DataSetPresent = 0x0000;

    public DimseCommand(DicomDataset dataset) => Dataset = dataset;

    public DicomDataset Dataset { get; }

    public CommandField CommandField => (CommandField)Dataset.GetUInt16(DicomTags.CommandField);

    public bool IsRequest => ((ushort)CommandField & 0x8000) == 0;

    public ushort MessageId => Dataset.GetUInt16(DicomTags.MessageID);

    public ushort MessageIdBeingRespondedTo => Dataset.GetUInt16(DicomTags.MessageIDBeingRespondedTo);

    public string? AffectedSopClassUid => Dataset.GetUid(DicomTags.AffectedSOPClassUID);

    public string? AffectedSopInstanceUid => Dataset.GetUid(DicomTags.AffectedSOPInstanceUID);

    public bool HasDataSet => !Dataset.TryGetUInt16(DicomTags.CommandDataSetType, out var type) || type != NoDataSet;

    public DimseStatus Status => DimseStatus.FromCode(Dataset.GetUInt16(DicomTags.Status));

    public string? ErrorComment => Dataset.GetString(DicomTags.ErrorComment);

    public string? MoveOriginatorAeTitle => Dataset.GetString(DicomTags.MoveOriginatorApplicationEntityTitle);

    public static DimseCommand CEchoRequest(ushort messageId) => new(new DicomDataset()
        .SetUid(DicomTags.AffectedSOPClassUID, VerificationSopClass)
        .SetUInt16(DicomTags.CommandField, (ushort)CommandField.CEchoRequest)
        .SetUInt16(DicomTags.MessageID, messageId)
        .SetUInt16(DicomTags.CommandDataSetType, NoDataSet));

    public static DimseCommand CStoreRequest(ushort messageId, string sopClassUid, string sopInstanceUid, ushort priority = 0) => new(new DicomDataset()
        .SetUid(DicomTags.AffectedSOPClassUID, sopClassUid)
        .SetUInt16(DicomTags.CommandField, (ushort)CommandField.CStoreRequest)
        .SetUInt16(DicomTags.MessageID, messageId)
        .SetUInt16(DicomTags.Priority, priority)
        .SetUInt16(DicomTags.CommandDataSetType, DataSetPresent)
        .SetUid(DicomTags.AffectedSOPInstanceUID, sopInstanceUid));

    /// <summary>The response to <paramref name="request"/> with <paramref name="status"/> (PS3.7 §9.3.1.2, §9.3.5.2).</summary>
    public static DimseCommand ResponseTo(DimseCommand request, DimseStatus status, string? errorComment = null)
    {
        var response = new DicomDataset()
            .SetUInt16(DicomTags.CommandField, (ushort)((ushort)request.CommandField | 0x8000))
            .SetUInt16(DicomTags.MessageIDBeingRespondedTo, request.MessageId)
            .SetUInt16(DicomTags.CommandDataSetType, NoDataSet)
            .SetUInt16(DicomTags.Status, status.Code);
        if (request.AffectedSopClassUid is { Length: > 0 } sopClass)
        {
            response.SetUid(DicomTags.AffectedSOPClassUID, sopClass);
        }

        if (request.AffectedSopInstanceUid is { Length: > 0 } sopInstance)
        {
            response.SetUid(DicomTags.AffectedSOPInstanceUID, sopInstance);
        }

        if (errorComment is not null && !status.IsSuccess)
        {
            // LO: at most 64 characters (PS3.5 Table 6.2-1).
            response.SetString(DicomTags.ErrorComment, DicomVR.LO, errorComment.Length > 64 ? errorComment[..64] : errorComment);
        }

        return new DimseCommand(response);
    }

    /// <summary>Encodes the command set in Implicit VR Little Endian with a correct (0000,0000).</summary>
    public byte[] Encode()
    {
        var body = new DicomDataset(Dataset.Elements.Where(e => e.Tag != DicomTags.CommandGroupLength));
        using var stream = new MemoryStream();
        Part10Writer.WriteDataset(stream, body, DicomTransferSyntax.ImplicitVRLittleEndian);
        var bodyLength = checked((uint)stream.Length);

        var encoded = new byte[12 + bodyLength];
        // (0000,0000) UL, length 4, value = bytes after this element (PS3.7 §E.1).
        BitConverter.TryWriteBytes(encoded.AsSpan(0), (ushort)0x0000);
        BitConverter.TryWriteBytes(encoded.AsSpan(2), (ushort)0x0000);
        BitConverter.TryWriteBytes(encoded.AsSpan(4), 4u);
        BitConverter.TryWriteBytes(encoded.AsSpan(8), bodyLength);
        stream.GetBuffer().AsSpan(0, (int)bodyLength).CopyTo(encoded.AsSpan(12));
        return encoded;
    }

    /// <summary>Decodes a command set; malformed bytes end in <see cref="DicomFormatException"/>.</summary>
    public static DimseCommand Decode(ReadOnlyMemory<byte> bytes)
    {
        var file = Part10Reader.Read(bytes, new DicomReadOptions
        {
            AllowRawDataset = true,
            RawTransferSyntax = DicomTransferSyntax.ImplicitVRLittleEndian,
            MaxSequenceDepth = 1,
        });
        var dataset = file.Dataset;
        if (dataset.Elements.Any(e => e.Tag.Group != 0x0000))
        {
            throw new DicomFormatException("A command set holds only group 0000 elements", 0, dataset.Elements.First(e => e.Tag.Group != 0x0000).Tag);
        }

        if (!dataset.TryGetUInt16(DicomTags.CommandField, out _))
        {
            throw new DicomFormatException("The command set has no Command Field (0000,0100)", 0, DicomTags.CommandField);
        }

        return new DimseCommand(dataset);
    }

    public override string ToString() => $"{CommandField} id={(IsRequest ? MessageId : MessageIdBeingRespondedTo)}";

    private const string VerificationSopClass = "1.2.840.10008.1.1";
}
