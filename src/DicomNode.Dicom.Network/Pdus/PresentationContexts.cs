namespace DicomNode.Dicom.Network.Pdus;

/// <summary>A presentation context item of an A-ASSOCIATE-RQ (PS3.8 §9.3.2.2): an odd id, one abstract syntax, transfer syntaxes in order of preference.</summary>
public sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

/// <summary>A presentation context item of an A-ASSOCIATE-AC (PS3.8 §9.3.3.2); the transfer syntax is meaningful only on acceptance.</summary>
public sealed record PresentationContextResult(byte Id, PresentationContextResultReason Result, string TransferSyntax)
{
    public bool IsAccepted => Result == PresentationContextResultReason.Acceptance;
}

/// <summary>Result/reason of a presentation context (PS3.8 Table 9-18).</summary>
public enum PresentationContextResultReason : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}
