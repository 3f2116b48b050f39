namespace DicomNode.Dicom.Network.Pdus;

/// <summary>A-ASSOCIATE-RQ and A-ASSOCIATE-AC (PS3.8 §9.3.2–9.3.3) with their items and sub-items.</summary>
public static partial class PduWriter
{
    private static byte[] EncodeAssociateRequest(AssociateRequestPdu pdu)
    {
        PduBufferWriter writer = BeginAssociate(PduType.AssociateRequest, pdu.ProtocolVersion, pdu.CalledAeTitle, pdu.CallingAeTitle, pdu.ApplicationContextName);
        foreach (PresentationContextProposal context in pdu.PresentationContexts)
        {
            // PS3.8 Table 9-13: id, three reserved bytes, one abstract syntax, one or more transfer syntaxes.
            int item = writer.BeginItem(PduItemType.PresentationContextRequest);
            writer.WriteByte(context.Id);
            writer.WriteZeros(3);
            WriteUidItem(writer, PduItemType.AbstractSyntax, context.AbstractSyntax, "Abstract syntax");
            foreach (string transferSyntax in context.TransferSyntaxes)
            {
                WriteUidItem(writer, PduItemType.TransferSyntax, transferSyntax, "Transfer syntax");
            }

            writer.EndItem(item);
        }

        WriteUserInformation(writer, pdu.UserInformation);
        return writer.ToPduArray();
    }

    private static byte[] EncodeAssociateAccept(AssociateAcceptPdu pdu)
    {
        PduBufferWriter writer = BeginAssociate(PduType.AssociateAccept, pdu.ProtocolVersion, pdu.CalledAeTitle, pdu.CallingAeTitle, pdu.ApplicationContextName);
        foreach (PresentationContextResult context in pdu.PresentationContexts)
        {
            // PS3.8 Table 9-18: id, reserved, result/reason, reserved, exactly one transfer syntax
            // sub-item (not significant, but still present, when the context is not accepted).
            int item = writer.BeginItem(PduItemType.PresentationContextAccept);
            writer.WriteByte(context.Id);
            writer.WriteByte(0);
            writer.WriteByte((byte)context.Result);
            writer.WriteByte(0);
            WriteUidItem(writer, PduItemType.TransferSyntax, context.TransferSyntax, "Transfer syntax");
            writer.EndItem(item);
        }

        WriteUserInformation(writer, pdu.UserInformation);
        return writer.ToPduArray();
    }

    private static PduBufferWriter BeginAssociate(PduType type, ushort protocolVersion, string calledAeTitle, string callingAeTitle, string applicationContextName)
    {
        ArgumentNullException.ThrowIfNull(calledAeTitle);
        ArgumentNullException.ThrowIfNull(callingAeTitle);
        var writer = new PduBufferWriter(1024);
        writer.WriteByte((byte)type);
        writer.WriteByte(0);
        writer.WriteUInt32(0);
        writer.WriteUInt16(protocolVersion);
        writer.WriteZeros(2);
        writer.WriteAeTitle(calledAeTitle, "Called AE title");
        writer.WriteAeTitle(callingAeTitle, "Calling AE title");
        writer.WriteZeros(32);
        WriteUidItem(writer, PduItemType.ApplicationContext, applicationContextName, "Application context name");
        return writer;
    }

    private static void WriteUidItem(PduBufferWriter writer, byte itemType, string uid, string what)
    {
        ArgumentNullException.ThrowIfNull(uid);
        int item = writer.BeginItem(itemType);
        writer.WriteAscii(uid, what);
        writer.EndItem(item);
    }

    /// <summary>
    /// PS3.8 §9.3.2.3 and PS3.7 Annex D.3.3: sub-items in the order of their types; the maximum
    /// length always, the others when present; unknown sub-items last, as they were read.
    /// </summary>
    private static void WriteUserInformation(PduBufferWriter writer, UserInformation info)
    {
        ArgumentNullException.ThrowIfNull(info);
        int userItem = writer.BeginItem(PduItemType.UserInformation);

        int item = writer.BeginItem(PduItemType.MaximumLength);
        writer.WriteUInt32(info.MaximumLength);
        writer.EndItem(item);

        if (!string.IsNullOrEmpty(info.ImplementationClassUid))
        {
            WriteUidItem(writer, PduItemType.ImplementationClassUid, info.ImplementationClassUid, "Implementation class UID");
        }

        if (info.AsynchronousOperationsWindow is { } window)
        {
            item = writer.BeginItem(PduItemType.AsynchronousOperationsWindow);
            writer.WriteUInt16(window.Invoked);
            writer.WriteUInt16(window.Performed);
            writer.EndItem(item);
        }

        foreach (RoleSelection role in info.RoleSelections)
        {
            item = writer.BeginItem(PduItemType.RoleSelection);
            writer.WriteLengthPrefixedAscii(role.SopClassUid, "Role selection SOP class UID");
            writer.WriteByte(role.ScuRole ? (byte)1 : (byte)0);
            writer.WriteByte(role.ScpRole ? (byte)1 : (byte)0);
            writer.EndItem(item);
        }

        if (info.ImplementationVersionName is { } versionName)
        {
            WriteUidItem(writer, PduItemType.ImplementationVersionName, versionName, "Implementation version name");
        }

        foreach (ExtendedNegotiation negotiation in info.ExtendedNegotiations)
        {
            item = writer.BeginItem(PduItemType.ExtendedNegotiation);
            writer.WriteLengthPrefixedAscii(negotiation.SopClassUid, "Extended negotiation SOP class UID");
            writer.WriteBytes(negotiation.ApplicationInformation.Span);
            writer.EndItem(item);
        }

        foreach (CommonExtendedNegotiation negotiation in info.CommonExtendedNegotiations)
        {
            // PS3.7 Table D.3-12: SOP class, service class, then the related general SOP classes as a
            // list of (length, UID) preceded by the list's length in bytes.
            item = writer.BeginItem(PduItemType.CommonExtendedNegotiation);
            writer.WriteLengthPrefixedAscii(negotiation.SopClassUid, "Common extended negotiation SOP class UID");
            writer.WriteLengthPrefixedAscii(negotiation.ServiceClassUid, "Common extended negotiation service class UID");
            int listLengthAt = writer.Position;
            writer.WriteUInt16(0);
            foreach (string related in negotiation.RelatedGeneralSopClasses)
            {
                writer.WriteLengthPrefixedAscii(related, "Related general SOP class UID");
            }

            writer.EndLengthPrefixed16(listLengthAt, "Related general SOP class list");
            writer.EndItem(item);
        }

        if (info.UserIdentityRequest is { } identity)
        {
            item = writer.BeginItem(PduItemType.UserIdentityRequest);
            writer.WriteByte((byte)identity.IdentityType);
            writer.WriteByte(identity.PositiveResponseRequested ? (byte)1 : (byte)0);
            writer.WriteLengthPrefixedBytes(identity.PrimaryField.Span, "User identity primary field");
            writer.WriteLengthPrefixedBytes(identity.SecondaryField.Span, "User identity secondary field");
            writer.EndItem(item);
        }

        if (info.UserIdentityServerResponse is { } response)
        {
            item = writer.BeginItem(PduItemType.UserIdentityAccept);
            writer.WriteLengthPrefixedBytes(response.Span, "User identity server response");
            writer.EndItem(item);
        }

        foreach (UnknownSubItem unknown in info.UnknownSubItems)
        {
            item = writer.BeginItem(unknown.ItemType);
            writer.WriteBytes(unknown.Value.Span);
            writer.EndItem(item);
        }

        writer.EndItem(userItem);
    }
}
