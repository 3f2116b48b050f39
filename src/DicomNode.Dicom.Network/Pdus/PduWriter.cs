using System.Buffers;
using System.Buffers.Binary;

namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// Encodes PDUs to their wire form (PS3.8 §9.3). Every multi-byte integer is big endian. The writer
/// encodes what it is given: it checks only what cannot be represented (an AE title over 16
/// characters, non-ASCII text, an item over 65,535 bytes), not the negotiation rules.
/// </summary>
public static partial class PduWriter
{
    /// <summary>
    /// Length of the header <see cref="WriteDataTransferHeader"/> writes: the 6-byte PDU header, the
    /// 4-byte PDV item length, the presentation context id and the message control header.
    /// </summary>
    public const int DataTransferHeaderLength = PduLayout.PduHeaderLength + PduLayout.PdvHeaderLength;

    /// <summary>Encodes <paramref name="pdu"/> into a new array holding the whole PDU, header included.</summary>
    public static byte[] Encode(Pdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        switch (pdu)
        {
            case DataTransferPdu data:
                var bytes = new byte[GetEncodedLength(data)];
                EncodeDataTransfer(data, bytes);
                return bytes;
            case AssociateRequestPdu request:
                return EncodeAssociateRequest(request);
            case AssociateAcceptPdu accept:
                return EncodeAssociateAccept(accept);
            case AssociateRejectPdu reject:
                return EncodeShort(PduType.AssociateReject, 0, (byte)reject.Result, (byte)reject.Source, (byte)reject.Reason);
            case ReleaseRequestPdu:
                return EncodeShort(PduType.ReleaseRequest, 0, 0, 0, 0);
            case ReleaseResponsePdu:
                return EncodeShort(PduType.ReleaseResponse, 0, 0, 0, 0);
            case AbortPdu abort:
                return EncodeShort(PduType.Abort, 0, 0, (byte)abort.Source, (byte)abort.Reason);
            default:
                throw new ArgumentException($"Unknown PDU record {pdu.GetType().Name}.", nameof(pdu));
        }
    }

    /// <summary>Encodes <paramref name="pdu"/> and writes it to <paramref name="stream"/> in one write.</summary>
    public static async ValueTask WriteAsync(Stream stream, Pdu pdu, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(pdu);
        if (pdu is not DataTransferPdu data)
        {
            await stream.WriteAsync(Encode(pdu), ct).ConfigureAwait(false);
            return;
        }

        // P-DATA-TF is the hot path: encode into a pooled buffer, so a PDU costs no allocation.
        int length = GetEncodedLength(data);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            EncodeDataTransfer(data, buffer.AsSpan(0, length));
            await stream.WriteAsync(buffer.AsMemory(0, length), ct).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the first <see cref="DataTransferHeaderLength"/> (12) bytes of a P-DATA-TF PDU that holds
    /// exactly one PDV of <paramref name="fragmentLength"/> bytes: PDU type 0x04, reserved, PDU length
    /// (fragment + 6), PDV item length (fragment + 2), presentation context id and message control
    /// header (PS3.8 §9.3.5, Annex E.2). The caller sends the fragment right after these bytes, so the
    /// DIMSE layer can frame a fragment of a larger buffer without copying it.
    /// </summary>
    /// <param name="destination">At least 12 bytes.</param>
    /// <param name="fragmentLength">Length of the command or data set fragment that follows.</param>
    /// <param name="presentationContextId">The presentation context the fragment belongs to.</param>
    /// <param name="isCommand">Bit 0: the fragment is part of a command set, not a data set.</param>
    /// <param name="isLastFragment">Bit 1: the fragment is the last of its command or data set.</param>
    public static void WriteDataTransferHeader(Span<byte> destination, int fragmentLength, byte presentationContextId, bool isCommand, bool isLastFragment)
    {
        if (destination.Length < DataTransferHeaderLength)
        {
            throw new ArgumentException($"The destination must hold at least {DataTransferHeaderLength} bytes.", nameof(destination));
        }

        // The PDU length (fragment + 6) must fit its 4-byte field.
        if (fragmentLength < 0 || (uint)fragmentLength > uint.MaxValue - PduLayout.PdvHeaderLength)
        {
            throw new ArgumentOutOfRangeException(nameof(fragmentLength));
        }

        destination[0] = (byte)PduType.DataTransfer;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)fragmentLength + PduLayout.PdvHeaderLength);
        WritePdvHeader(destination[PduLayout.PduHeaderLength..], fragmentLength, presentationContextId, isCommand, isLastFragment);
    }

    /// <summary>
    /// Returns a new 12-byte P-DATA-TF header for one PDV of <paramref name="fragmentLength"/> bytes;
    /// see <see cref="WriteDataTransferHeader"/>.
    /// </summary>
    public static byte[] EncodeDataTransferHeader(int fragmentLength, byte presentationContextId, bool isCommand, bool isLastFragment)
    {
        var header = new byte[DataTransferHeaderLength];
        WriteDataTransferHeader(header, fragmentLength, presentationContextId, isCommand, isLastFragment);
        return header;
    }

    /// <summary>The encoded length of a P-DATA-TF PDU, its 6-byte header included.</summary>
    public static int GetEncodedLength(DataTransferPdu pdu)
    {
        ArgumentNullException.ThrowIfNull(pdu);
        long length = PduLayout.PduHeaderLength;
        foreach (PresentationDataValue value in pdu.Values)
        {
            length += PduLayout.PdvHeaderLength + value.Fragment.Length;
        }

        // Arrays end near 2 GiB, long before the 4-byte PDU length field would overflow.
        if (length > Array.MaxLength)
        {
            throw new ArgumentException($"The P-DATA-TF PDU would be {length} bytes long.", nameof(pdu));
        }

        return (int)length;
    }

    private static void EncodeDataTransfer(DataTransferPdu pdu, Span<byte> destination)
    {
        destination[0] = (byte)PduType.DataTransfer;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)(destination.Length - PduLayout.PduHeaderLength));
        int position = PduLayout.PduHeaderLength;
        foreach (PresentationDataValue value in pdu.Values)
        {
            WritePdvHeader(destination[position..], value.Fragment.Length, value.PresentationContextId, value.IsCommand, value.IsLastFragment);
            position += PduLayout.PdvHeaderLength;
            value.Fragment.Span.CopyTo(destination[position..]);
            position += value.Fragment.Length;
        }
    }

    private static void WritePdvHeader(Span<byte> destination, int fragmentLength, byte presentationContextId, bool isCommand, bool isLastFragment)
    {
        // PS3.8 §9.3.5.1: the item length counts the context id, the control header and the fragment.
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)fragmentLength + 2);
        destination[4] = presentationContextId;
        destination[5] = (byte)((isCommand ? PduLayout.CommandBit : 0) | (isLastFragment ? PduLayout.LastFragmentBit : 0));
    }

    private static byte[] EncodeShort(PduType type, byte b0, byte b1, byte b2, byte b3) =>
        [(byte)type, 0, 0, 0, 0, PduLayout.ShortPduBodyLength, b0, b1, b2, b3];
}
