using System.Buffers;
using System.Buffers.Binary;

namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// Decodes PDUs from the wire (PS3.8 §9.3). The PDU length from the header is checked against a cap
/// before any body buffer is allocated, every item length against the bytes left in its enclosing
/// item, and any malformed input surfaces as <see cref="PduFormatException"/> and nothing else.
/// </summary>
public static partial class PduReader
{
    /// <summary>
    /// Default cap on the length of the association PDUs (A-ASSOCIATE-RQ/AC): 256 KiB holds 128
    /// presentation contexts with many transfer syntaxes each and a large user identity token.
    /// </summary>
    public const uint DefaultMaxAssociatePduLength = 256 * 1024;

    /// <summary>
    /// Reads one PDU from <paramref name="stream"/>; returns null when the stream ends cleanly before
    /// the first header byte.
    /// </summary>
    /// <param name="maxPduLength">
    /// The largest P-DATA-TF PDU length accepted: the maximum length this side advertised in its
    /// maximum length sub-item (PS3.8 Annex D.1). Must not be 0.
    /// </param>
    public static ValueTask<Pdu?> ReadAsync(Stream stream, uint maxPduLength, CancellationToken ct) =>
        ReadAsync(stream, maxPduLength, DefaultMaxAssociatePduLength, ct);

    /// <summary>
    /// Reads one PDU, with a separate cap <paramref name="maxAssociatePduLength"/> on A-ASSOCIATE-RQ/AC.
    /// </summary>
    public static ValueTask<Pdu?> ReadAsync(Stream stream, uint maxPduLength, uint maxAssociatePduLength, CancellationToken ct) =>
        ReadAsync(stream, maxPduLength, maxAssociatePduLength, pooled: false, ct);

    /// <summary>
    /// As <see cref="ReadAsync(Stream, uint, uint, CancellationToken)"/>; with <paramref name="pooled"/>, the body of a
    /// P-DATA-TF is rented from the shared array pool, and its fragments are valid only until the reader's owner calls
    /// <see cref="DataTransferPdu.ReturnBody"/> (a 128 KB body allocated per PDU went to the large object heap: zeroed,
    /// committed and collected with the whole heap, for every instance received).
    /// </summary>
    public static async ValueTask<Pdu?> ReadAsync(Stream stream, uint maxPduLength, uint maxAssociatePduLength, bool pooled, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfZero(maxPduLength);
        ArgumentOutOfRangeException.ThrowIfZero(maxAssociatePduLength);

        var header = new byte[PduLayout.PduHeaderLength];
        int filled = 0;
        while (filled < header.Length)
        {
            int read = await stream.ReadAsync(header.AsMemory(filled), ct).ConfigureAwait(false);
            if (read == 0)
            {
                if (filled == 0)
                {
                    return null;
                }

                throw new PduFormatException($"The stream ended after {filled} of the {PduLayout.PduHeaderLength} PDU header bytes.", AbortReason.InvalidPduParameterValue, KnownType(header[0]), filled);
            }

            filled += read;
        }

        PduType type = CheckType(header[0]);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2));
        uint cap = type switch
        {
            PduType.DataTransfer => maxPduLength,
            PduType.AssociateRequest or PduType.AssociateAccept => maxAssociatePduLength,
            _ => PduLayout.ShortPduBodyLength,
        };
        CheckLength(type, length, cap);

        // The length is now bounded by our own cap, never by what the peer claims.
        byte[]? rented = pooled && type == PduType.DataTransfer ? ArrayPool<byte>.Shared.Rent((int)length) : null;
        var body = rented ?? new byte[length];
        try
        {
            var filledBody = body.AsMemory(0, (int)length);
            await stream.ReadExactlyAsync(filledBody, ct).ConfigureAwait(false);
            var pdu = DecodeBody(type, filledBody);
            if (rented is not null)
            {
                ((DataTransferPdu)pdu).Rented = rented;
                rented = null;
            }

            return pdu;
        }
        catch (EndOfStreamException e)
        {
            throw new PduFormatException($"The stream ended inside a {type} PDU of {length} bytes.", AbortReason.InvalidPduParameterValue, type, null, e);
        }
        finally
        {
            if (rented is not null)
            {
                // Not handed out: the read or the decoding failed.
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Decodes one whole PDU, header included; the span must hold exactly that PDU.</summary>
    public static Pdu Decode(ReadOnlySpan<byte> pdu)
    {
        if (pdu.Length < PduLayout.PduHeaderLength)
        {
            throw new PduFormatException($"{pdu.Length} byte(s) are too few for a PDU header.", AbortReason.InvalidPduParameterValue, pdu.IsEmpty ? null : KnownType(pdu[0]), 0);
        }

        PduType type = CheckType(pdu[0]);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(pdu[2..]);
        if (length != (uint)(pdu.Length - PduLayout.PduHeaderLength))
        {
            throw new PduFormatException($"The PDU length field says {length} bytes but {pdu.Length - PduLayout.PduHeaderLength} follow the header.", AbortReason.InvalidPduParameterValue, type, 2);
        }

        if (type is not (PduType.DataTransfer or PduType.AssociateRequest or PduType.AssociateAccept))
        {
            CheckLength(type, length, PduLayout.ShortPduBodyLength);
        }

        return DecodeBody(type, pdu[PduLayout.PduHeaderLength..].ToArray());
    }

    private static Pdu DecodeBody(PduType type, ReadOnlyMemory<byte> body)
    {
        var cursor = new PduCursor(body, PduLayout.PduHeaderLength, type);
        switch (type)
        {
            case PduType.AssociateRequest:
            case PduType.AssociateAccept:
                return DecodeAssociate(type, cursor);
            case PduType.DataTransfer:
                return DecodeDataTransfer(cursor);
            case PduType.AssociateReject:
                cursor.Skip(1);
                return new AssociateRejectPdu((AssociateRejectResult)cursor.ReadByte(), (AssociateRejectSource)cursor.ReadByte(), (AssociateRejectReason)cursor.ReadByte());
            case PduType.ReleaseRequest:
                return new ReleaseRequestPdu();
            case PduType.ReleaseResponse:
                return new ReleaseResponsePdu();
            default:
                cursor.Skip(2);
                return new AbortPdu((AbortSource)cursor.ReadByte(), (AbortReason)cursor.ReadByte());
        }
    }

    /// <summary>PS3.8 §9.3.5: one or more PDV items, each of length ≥ 2 and within the PDU.</summary>
    private static DataTransferPdu DecodeDataTransfer(PduCursor cursor)
    {
        if (cursor.Remaining == 0)
        {
            throw cursor.Error("A P-DATA-TF PDU must hold at least one presentation data value item.");
        }

        var values = new List<PresentationDataValue>(1);
        while (cursor.Remaining > 0)
        {
            int itemOffset = cursor.Offset;
            if (cursor.Remaining < 4)
            {
                throw cursor.Error($"{cursor.Remaining} byte(s) left where a 4-byte PDV item length was expected.");
            }

            uint length = cursor.ReadUInt32();
            if (length < 2)
            {
                throw cursor.Error($"PDV item length {length} is less than the 2 bytes of context id and message control header.", itemOffset);
            }

            if (length > (uint)cursor.Remaining)
            {
                throw cursor.Error($"PDV item length {length} exceeds the {cursor.Remaining} byte(s) left in the PDU.", itemOffset);
            }

            byte contextId = cursor.ReadByte();
            byte control = cursor.ReadByte();
            ReadOnlyMemory<byte> fragment = cursor.ReadBytes((int)length - 2, "a PDV fragment");
            values.Add(new PresentationDataValue(contextId, (control & PduLayout.CommandBit) != 0, (control & PduLayout.LastFragmentBit) != 0, fragment));
        }

        return new DataTransferPdu(values);
    }

    private static PduType CheckType(byte type) =>
        KnownType(type) ?? throw new PduFormatException($"Unrecognized PDU type 0x{type:X2}.", AbortReason.UnrecognizedPdu, null, 0);

    private static PduType? KnownType(byte type) =>
        type is >= (byte)PduType.AssociateRequest and <= (byte)PduType.Abort ? (PduType)type : null;

    private static void CheckLength(PduType type, uint length, uint cap)
    {
        if (type is PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort)
        {
            if (length != PduLayout.ShortPduBodyLength)
            {
                throw new PduFormatException($"A {type} PDU has length {length}; PS3.8 §9.3 fixes it at {PduLayout.ShortPduBodyLength}.", AbortReason.InvalidPduParameterValue, type, 2);
            }

            return;
        }

        if (length > cap)
        {
            throw new PduFormatException($"The {type} PDU claims {length} bytes, more than the {cap} accepted.", AbortReason.InvalidPduParameterValue, type, 2);
        }
    }
}
