using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Dimse;

/// <summary>A peer broke the DIMSE message rules (PS3.7 §9.3, PS3.8 Annex E); the association is aborted with <see cref="Reason"/>.</summary>
public sealed class DimseProtocolException : Exception
{
    public DimseProtocolException(string message, AbortReason reason = AbortReason.UnexpectedPduParameter)
        : base(message)
    {
        Reason = reason;
    }

    public AbortReason Reason { get; }
}
