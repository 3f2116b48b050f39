namespace DicomNode.Dicom.Network.Pdus;

/// <summary>A-ASSOCIATE-RQ and A-ASSOCIATE-AC (PS3.8 §9.3.2–9.3.3) and their presentation context items.</summary>
public static partial class PduReader
{
    private static Pdu DecodeAssociate(PduType type, PduCursor cursor)
    {
        if (cursor.Remaining < PduLayout.AssociateFixedFieldsLength)
        {
            throw cursor.Error($"A {type} PDU of {cursor.Remaining} bytes is shorter than its {PduLayout.AssociateFixedFieldsLength} bytes of fixed fields.");
        }

        // PS3.8 Table 9-11: reserved fields are not tested. The protocol version is kept for the
        // ACSE to judge (bit 0 set), as are the AE titles (not tested in an A-ASSOCIATE-AC).
        ushort protocolVersion = cursor.ReadUInt16();
        cursor.Skip(2);
        string calledAeTitle = cursor.ReadAeTitle();
        string callingAeTitle = cursor.ReadAeTitle();
        cursor.Skip(32);

        bool isRequest = type == PduType.AssociateRequest;
        byte contextItemType = isRequest ? PduItemType.PresentationContextRequest : PduItemType.PresentationContextAccept;
        string? applicationContext = null;
        UserInformation? userInformation = null;
        var proposals = new List<PresentationContextProposal>();
        var results = new List<PresentationContextResult>();
        var seenIds = new HashSet<byte>();

        while (cursor.Remaining > 0)
        {
            int itemOffset = cursor.Offset;
            PduCursor item = cursor.ReadItem(out byte itemType);
            if (itemType == PduItemType.ApplicationContext)
            {
                if (applicationContext is not null)
                {
                    throw cursor.Error("A second application context item.", itemOffset, AbortReason.UnexpectedPduParameter);
                }

                applicationContext = item.ReadUidToEnd();
            }
            else if (itemType == contextItemType)
            {
                if (seenIds.Count == PduLayout.MaxPresentationContexts)
                {
                    throw cursor.Error($"More than {PduLayout.MaxPresentationContexts} presentation context items.", itemOffset);
                }

                byte id = CheckContextId(item, seenIds);
                if (isRequest)
                {
                    proposals.Add(DecodeProposal(id, item));
                }
                else
                {
                    results.Add(DecodeResult(id, item));
                }
            }
            else if (itemType == PduItemType.UserInformation)
            {
                if (userInformation is not null)
                {
                    throw cursor.Error("A second user information item.", itemOffset, AbortReason.UnexpectedPduParameter);
                }

                userInformation = DecodeUserInformation(item);
            }
            else if (IsKnownItemType(itemType))
            {
                throw cursor.Error($"Item 0x{itemType:X2} does not belong at the top level of a {type} PDU.", itemOffset, AbortReason.UnexpectedPduParameter);
            }

            // PS3.8 §9.3.1: items of unrecognized type are ignored.
        }

        if (applicationContext is null)
        {
            throw cursor.Error($"The {type} PDU has no application context item.");
        }

        if (userInformation is null)
        {
            throw cursor.Error($"The {type} PDU has no user information item.");
        }

        return isRequest
            ? new AssociateRequestPdu(calledAeTitle, callingAeTitle, proposals, userInformation, applicationContext, protocolVersion)
            : new AssociateAcceptPdu(calledAeTitle, callingAeTitle, results, userInformation, applicationContext, protocolVersion);
    }

    /// <summary>PS3.8 §9.3.2.2: presentation context ids are odd integers 1..255, unique in the PDU.</summary>
    private static byte CheckContextId(PduCursor item, HashSet<byte> seenIds)
    {
        int offset = item.Offset;
        byte id = item.ReadByte();
        if ((id & 1) == 0)
        {
            throw item.Error($"Presentation context id {id} is not odd.", offset);
        }

        if (!seenIds.Add(id))
        {
            throw item.Error($"Presentation context id {id} appears twice.", offset);
        }

        return id;
    }

    /// <summary>PS3.8 Table 9-13: three reserved bytes, one abstract syntax, one or more transfer syntaxes.</summary>
    private static PresentationContextProposal DecodeProposal(byte id, PduCursor item)
    {
        item.Skip(3);
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>(1);
        while (item.Remaining > 0)
        {
            int offset = item.Offset;
            PduCursor sub = item.ReadItem(out byte subType);
            switch (subType)
            {
                case PduItemType.AbstractSyntax when abstractSyntax is null:
                    abstractSyntax = sub.ReadUidToEnd();
                    break;
                case PduItemType.AbstractSyntax:
                    throw item.Error($"Presentation context {id} has a second abstract syntax sub-item.", offset, AbortReason.UnexpectedPduParameter);
                case PduItemType.TransferSyntax:
                    transferSyntaxes.Add(sub.ReadUidToEnd());
                    break;
                default:
                    if (IsKnownItemType(subType))
                    {
                        throw item.Error($"Sub-item 0x{subType:X2} does not belong in a presentation context item.", offset, AbortReason.UnexpectedPduParameter);
                    }

                    break;
            }
        }

        if (abstractSyntax is null)
        {
            throw item.Error($"Presentation context {id} has no abstract syntax sub-item.");
        }

        if (transferSyntaxes.Count == 0)
        {
            throw item.Error($"Presentation context {id} has no transfer syntax sub-item.");
        }

        return new PresentationContextProposal(id, abstractSyntax, transferSyntaxes);
    }

    /// <summary>
    /// PS3.8 Table 9-18: reserved, result/reason, reserved, one transfer syntax sub-item. The sub-item
    /// is not tested when the context is not accepted, so it may be missing then.
    /// </summary>
    private static PresentationContextResult DecodeResult(byte id, PduCursor item)
    {
        item.Skip(1);
        var result = (PresentationContextResultReason)item.ReadByte();
        item.Skip(1);
        string? transferSyntax = null;
        while (item.Remaining > 0)
        {
            int offset = item.Offset;
            PduCursor sub = item.ReadItem(out byte subType);
            if (subType == PduItemType.TransferSyntax)
            {
                if (transferSyntax is not null)
                {
                    throw item.Error($"Presentation context {id} has a second transfer syntax sub-item.", offset, AbortReason.UnexpectedPduParameter);
                }

                transferSyntax = sub.ReadUidToEnd();
            }
            else if (IsKnownItemType(subType))
            {
                throw item.Error($"Sub-item 0x{subType:X2} does not belong in a presentation context item.", offset, AbortReason.UnexpectedPduParameter);
            }
        }

        if (transferSyntax is null && result == PresentationContextResultReason.Acceptance)
        {
            throw item.Error($"Accepted presentation context {id} has no transfer syntax sub-item.");
        }

        return new PresentationContextResult(id, result, transferSyntax ?? string.Empty);
    }

    private static bool IsKnownItemType(byte itemType) =>
        itemType is PduItemType.ApplicationContext
            or PduItemType.PresentationContextRequest or PduItemType.PresentationContextAccept
            or PduItemType.AbstractSyntax or PduItemType.TransferSyntax
            or (>= PduItemType.UserInformation and <= PduItemType.UserIdentityAccept);
}
