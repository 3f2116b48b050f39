namespace DicomNode.Dicom.Network.Pdus;

/// <summary>A-ASSOCIATE-RJ result (PS3.8 Table 9-21).</summary>
public enum AssociateRejectResult : byte
{
    RejectedPermanent = 1,
    RejectedTransient = 2,
}

/// <summary>A-ASSOCIATE-RJ source (PS3.8 Table 9-21).</summary>
public enum AssociateRejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

/// <summary>
/// A-ASSOCIATE-RJ reason/diagnostic (PS3.8 Table 9-21). The byte's meaning depends on the source, so
/// each name carries its source; the numeric value is what travels.
/// </summary>
public enum AssociateRejectReason : byte
{
    /// <summary>Source 1 or 2: no reason given.</summary>
    NoReasonGiven = 1,

    /// <summary>Source 1: application context name not supported.</summary>
    ApplicationContextNameNotSupported = 2,

    /// <summary>Source 1: calling AE title not recognized.</summary>
    CallingAeTitleNotRecognized = 3,

    /// <summary>Source 1: called AE title not recognized.</summary>
    CalledAeTitleNotRecognized = 7,

    /// <summary>Source 2: protocol version not supported (same byte as source 1's reason 2).</summary>
    ProtocolVersionNotSupported = 2,

    /// <summary>Source 3: temporary congestion (same byte as reason 1).</summary>
    TemporaryCongestion = 1,

    /// <summary>Source 3: local limit exceeded (same byte as reason 2).</summary>
    LocalLimitExceeded = 2,
}

/// <summary>A-ABORT source (PS3.8 Table 9-26).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    Reserved = 1,
    ServiceProvider = 2,
}

/// <summary>A-ABORT reason/diagnostic when the source is the service provider (PS3.8 Table 9-26).</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}
