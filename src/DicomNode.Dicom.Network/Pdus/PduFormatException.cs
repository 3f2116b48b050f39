namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// Bytes from the peer that are not a well-formed PDU (PS3.8 §9.3). It carries what the upper layer
/// needs to answer: the A-ABORT reason to send (PS3.8 Table 9-26) and, when the header was read, the
/// PDU type. Bad input never surfaces as any other exception type from <see cref="PduReader"/>.
/// </summary>
public sealed class PduFormatException : Exception
{
    public PduFormatException(string message, AbortReason abortReason, PduType? pduType = null, int? offset = null, Exception? innerException = null)
        : base(message, innerException)
    {
        AbortReason = abortReason;
        PduType = pduType;
        Offset = offset;
    }

    /// <summary>The reason/diagnostic for the A-ABORT that the service provider sends in answer.</summary>
    public AbortReason AbortReason { get; }

    /// <summary>The PDU type from the header, when it was read and recognized.</summary>
    public PduType? PduType { get; }

    /// <summary>Offset of the offending bytes from the start of the PDU (its header included), when known.</summary>
    public int? Offset { get; }
}
