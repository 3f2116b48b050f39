using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Acse;

/// <summary>The answer to an A-ASSOCIATE-RQ: exactly one of an accept or a reject, and why, in words for the audit log.</summary>
public sealed record AssociationDecision(AssociateAcceptPdu? Accept, AssociateRejectPdu? Reject, string Explanation)
{
    public bool IsAccepted => Accept is not null;
}
