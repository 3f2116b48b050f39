namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// The user information item (PS3.8 §9.3.2.3, PS3.7 Annex D.3.3) and its sub-items. Sub-items we do
/// not act on are kept, so that they can be answered or ignored gracefully.
/// </summary>
public sealed record UserInformation
{
    /// <summary>Maximum length of a P-DATA-TF PDU this side receives; 0 means no limit (PS3.8 §D.1).</summary>
    public uint MaximumLength { get; init; }

    public string ImplementationClassUid { get; init; } = DicomImplementation.ClassUid;

    public string? ImplementationVersionName { get; init; } = DicomImplementation.VersionName;

    /// <summary>Asynchronous operations window (PS3.7 §D.3.3.3); we always negotiate 1 and 1.</summary>
    public AsynchronousOperationsWindow? AsynchronousOperationsWindow { get; init; }

    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = Array.Empty<RoleSelection>();

    public IReadOnlyList<ExtendedNegotiation> ExtendedNegotiations { get; init; } = Array.Empty<ExtendedNegotiation>();

    public IReadOnlyList<CommonExtendedNegotiation> CommonExtendedNegotiations { get; init; } = Array.Empty<CommonExtendedNegotiation>();

    public UserIdentityRequest? UserIdentityRequest { get; init; }

    /// <summary>Server response to a user identity request (A-ASSOCIATE-AC only); null when none is sent.</summary>
    public ReadOnlyMemory<byte>? UserIdentityServerResponse { get; init; }

    /// <summary>Sub-items of types we do not know, kept as read.</summary>
    public IReadOnlyList<UnknownSubItem> UnknownSubItems { get; init; } = Array.Empty<UnknownSubItem>();
}

/// <summary>PS3.7 §D.3.3.3: maximum operations invoked and performed; 0 means unlimited.</summary>
public sealed record AsynchronousOperationsWindow(ushort Invoked, ushort Performed);

/// <summary>SCP/SCU role selection (PS3.7 §D.3.3.4).</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);

/// <summary>SOP class extended negotiation (PS3.7 §D.3.3.5): application information as opaque bytes.</summary>
public sealed record ExtendedNegotiation(string SopClassUid, ReadOnlyMemory<byte> ApplicationInformation);

/// <summary>SOP class common extended negotiation (PS3.7 §D.3.3.6).</summary>
public sealed record CommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClasses);

/// <summary>User identity negotiation request (PS3.7 §D.3.3.7).</summary>
public sealed record UserIdentityRequest(UserIdentityType IdentityType, bool PositiveResponseRequested, ReadOnlyMemory<byte> PrimaryField, ReadOnlyMemory<byte> SecondaryField);

/// <summary>User identity type (PS3.7 Table D.3-14).</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    KerberosServiceTicket = 3,
    SamlAssertion = 4,
    JsonWebToken = 5,
}

/// <summary>A user information sub-item of a type we do not know (PS3.8 §9.3.2.3).</summary>
public sealed record UnknownSubItem(byte ItemType, ReadOnlyMemory<byte> Value);
