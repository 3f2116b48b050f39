namespace DicomNode.Dicom.Network.Pdus;

/// <summary>The user information item and its sub-items (PS3.8 §9.3.2.3, PS3.7 Annex D.3.3).</summary>
public static partial class PduReader
{
    private static UserInformation DecodeUserInformation(PduCursor item)
    {
        uint? maximumLength = null;
        string? implementationClassUid = null;
        string? implementationVersionName = null;
        AsynchronousOperationsWindow? window = null;
        UserIdentityRequest? identity = null;
        ReadOnlyMemory<byte>? identityResponse = null;
        var roles = new List<RoleSelection>();
        var extended = new List<ExtendedNegotiation>();
        var commonExtended = new List<CommonExtendedNegotiation>();
        var unknown = new List<UnknownSubItem>();

        while (item.Remaining > 0)
        {
            int offset = item.Offset;
            PduCursor sub = item.ReadItem(out byte subType);
            switch (subType)
            {
                case PduItemType.MaximumLength:
                    RequireSingle(item, maximumLength is null, subType, offset);
                    RequireLength(sub, 4, subType, offset);
                    maximumLength = sub.ReadUInt32();
                    break;
                case PduItemType.ImplementationClassUid:
                    RequireSingle(item, implementationClassUid is null, subType, offset);
                    implementationClassUid = sub.ReadUidToEnd();
                    break;
                case PduItemType.AsynchronousOperationsWindow:
                    RequireSingle(item, window is null, subType, offset);
                    RequireLength(sub, 4, subType, offset);
                    window = new AsynchronousOperationsWindow(sub.ReadUInt16(), sub.ReadUInt16());
                    break;
                case PduItemType.RoleSelection:
                    // PS3.7 Table D.3-9: UID length, UID, SCU role, SCP role.
                    string roleUid = sub.ReadLengthPrefixedUid();
                    roles.Add(new RoleSelection(roleUid, sub.ReadByte() != 0, sub.ReadByte() != 0));
                    sub.RequireEnd("an SCP/SCU role selection sub-item");
                    break;
                case PduItemType.ImplementationVersionName:
                    RequireSingle(item, implementationVersionName is null, subType, offset);
                    implementationVersionName = sub.ReadUidToEnd();
                    break;
                case PduItemType.ExtendedNegotiation:
                    // PS3.7 Table D.3-11: UID length, UID, service-class-application-information.
                    string extendedUid = sub.ReadLengthPrefixedUid();
                    extended.Add(new ExtendedNegotiation(extendedUid, sub.ReadRemaining()));
                    break;
                case PduItemType.CommonExtendedNegotiation:
                    commonExtended.Add(DecodeCommonExtendedNegotiation(sub));
                    break;
                case PduItemType.UserIdentityRequest:
                    RequireSingle(item, identity is null, subType, offset);
                    identity = DecodeUserIdentityRequest(sub);
                    break;
                case PduItemType.UserIdentityAccept:
                    // PS3.7 Table D.3-15: server response length, server response.
                    RequireSingle(item, identityResponse is null, subType, offset);
                    identityResponse = sub.ReadLengthPrefixedBytes("a user identity server response");
                    sub.RequireEnd("a user identity server response sub-item");
                    break;
                default:
                    unknown.Add(new UnknownSubItem(subType, sub.ReadRemaining()));
                    break;
            }
        }

        // A missing sub-item decodes to its "absent" value (0 = no maximum, empty class UID) and the
        // ACSE decides what that means; the record defaults are for what this side sends.
        return new UserInformation
        {
            MaximumLength = maximumLength ?? 0,
            ImplementationClassUid = implementationClassUid ?? string.Empty,
            ImplementationVersionName = implementationVersionName,
            AsynchronousOperationsWindow = window,
            RoleSelections = roles,
            ExtendedNegotiations = extended,
            CommonExtendedNegotiations = commonExtended,
            UserIdentityRequest = identity,
            UserIdentityServerResponse = identityResponse,
            UnknownSubItems = unknown,
        };
    }

    /// <summary>PS3.7 Table D.3-12: SOP class UID, service class UID, then a length-prefixed list of length-prefixed UIDs.</summary>
    private static CommonExtendedNegotiation DecodeCommonExtendedNegotiation(PduCursor sub)
    {
        string sopClassUid = sub.ReadLengthPrefixedUid();
        string serviceClassUid = sub.ReadLengthPrefixedUid();
        int listLength = sub.ReadUInt16();
        PduCursor list = sub.ReadView(listLength, "the related general SOP class list");
        var related = new List<string>();
        while (list.Remaining > 0)
        {
            related.Add(list.ReadLengthPrefixedUid());
        }

        sub.RequireEnd("a common extended negotiation sub-item");
        return new CommonExtendedNegotiation(sopClassUid, serviceClassUid, related);
    }

    /// <summary>PS3.7 Table D.3-14: type, positive response requested, primary field, secondary field.</summary>
    private static UserIdentityRequest DecodeUserIdentityRequest(PduCursor sub)
    {
        var identityType = (UserIdentityType)sub.ReadByte();
        bool positiveResponseRequested = sub.ReadByte() != 0;
        ReadOnlyMemory<byte> primary = sub.ReadLengthPrefixedBytes("a user identity primary field");
        ReadOnlyMemory<byte> secondary = sub.ReadLengthPrefixedBytes("a user identity secondary field");
        sub.RequireEnd("a user identity sub-item");
        return new UserIdentityRequest(identityType, positiveResponseRequested, primary, secondary);
    }

    private static void RequireSingle(PduCursor item, bool isFirst, byte subType, int offset)
    {
        if (!isFirst)
        {
            throw item.Error($"User information sub-item 0x{subType:X2} appears twice.", offset, AbortReason.UnexpectedPduParameter);
        }
    }

    private static void RequireLength(PduCursor sub, int length, byte subType, int offset)
    {
        if (sub.Remaining != length)
        {
            throw sub.Error($"User information sub-item 0x{subType:X2} has length {sub.Remaining}; it must be {length}.", offset);
        }
    }
}
