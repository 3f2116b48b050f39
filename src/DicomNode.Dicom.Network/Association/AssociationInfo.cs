using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Association;

/// <summary>An established association as the DIMSE layer and the audit log see it.</summary>
public sealed record AssociationInfo(
    Guid Id,
    string CallingAeTitle,
    string CalledAeTitle,
    string PeerHost,
    int PeerPort,
    bool IsTls,
    IReadOnlyList<AcceptedPresentationContext> PresentationContexts,
    uint PeerMaxPduLength)
{
    /// <summary>The proposed contexts the acceptor refused, with its result/reason (PS3.8 Table 9-18).</summary>
    public IReadOnlyList<RejectedPresentationContext> RejectedPresentationContexts { get; init; } = Array.Empty<RejectedPresentationContext>();
}

/// <summary>A presentation context both sides agreed on: its id, abstract syntax and transfer syntax.</summary>
public sealed record AcceptedPresentationContext(byte Id, string AbstractSyntax, string TransferSyntax);

/// <summary>A proposed presentation context the acceptor refused, and why (PS3.8 Table 9-18).</summary>
public sealed record RejectedPresentationContext(byte Id, string AbstractSyntax, PresentationContextResultReason Reason);

/// <summary>How an association ended, for the caller and the audit log.</summary>
public sealed record AssociationOutcome(bool Established, bool Released, bool Aborted, AssociateRejectPdu? Rejection, string Description);
