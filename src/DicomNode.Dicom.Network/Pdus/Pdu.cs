namespace DicomNode.Dicom.Network.Pdus;

/// <summary>A protocol data unit of the DICOM upper layer (PS3.8 §9.3).</summary>
public abstract record Pdu
{
    public abstract PduType Type { get; }
}

/// <summary>A-ASSOCIATE-RQ (PS3.8 §9.3.2).</summary>
public sealed record AssociateRequestPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyList<PresentationContextProposal> PresentationContexts,
    UserInformation UserInformation,
    string ApplicationContextName = AssociateRequestPdu.DicomApplicationContext,
    ushort ProtocolVersion = 1) : Pdu
{
    /// <summary>The one DICOM application context name (PS3.7 §A.2.1).</summary>
    public const string DicomApplicationContext = "1.2.840.10008.3.1.1.1";

    public override PduType Type => PduType.AssociateRequest;
}

/// <summary>A-ASSOCIATE-AC (PS3.8 §9.3.3). The AE titles echo the request's (PS3.8 Table 9-17).</summary>
public sealed record AssociateAcceptPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyList<PresentationContextResult> PresentationContexts,
    UserInformation UserInformation,
    string ApplicationContextName = AssociateRequestPdu.DicomApplicationContext,
    ushort ProtocolVersion = 1) : Pdu
{
    public override PduType Type => PduType.AssociateAccept;
}

/// <summary>A-ASSOCIATE-RJ (PS3.8 §9.3.4).</summary>
public sealed record AssociateRejectPdu(AssociateRejectResult Result, AssociateRejectSource Source, AssociateRejectReason Reason) : Pdu
{
    public override PduType Type => PduType.AssociateReject;
}

/// <summary>P-DATA-TF (PS3.8 §9.3.5): one or more presentation data values.</summary>
public sealed record DataTransferPdu(IReadOnlyList<PresentationDataValue> Values) : Pdu
{
    public override PduType Type => PduType.DataTransfer;

    /// <summary>The pooled body the values are slices of, when the reader rented one (<see cref="PduReader"/>).</summary>
    internal byte[]? Rented { get; set; }

    /// <summary>
    /// Gives a rented body back to the pool: the values' fragments must not be read after this. Nothing for a body
    /// that was not rented; at most once for one that was.
    /// </summary>
    internal void ReturnBody()
    {
        if (Rented is { } rented)
        {
            Rented = null;
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

/// <summary>A-RELEASE-RQ (PS3.8 §9.3.6).</summary>
public sealed record ReleaseRequestPdu : Pdu
{
    public override PduType Type => PduType.ReleaseRequest;
}

/// <summary>A-RELEASE-RP (PS3.8 §9.3.7).</summary>
public sealed record ReleaseResponsePdu : Pdu
{
    public override PduType Type => PduType.ReleaseResponse;
}

/// <summary>A-ABORT (PS3.8 §9.3.8).</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu
{
    public override PduType Type => PduType.Abort;
}
