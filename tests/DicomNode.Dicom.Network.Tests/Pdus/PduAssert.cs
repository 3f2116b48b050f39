using System.Text;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>
/// Structural comparison of PDU records: the records hold lists and memory, which compare by
/// reference, so both sides are written out field by field and the texts compared (a failure shows
/// the first differing field).
/// </summary>
internal static class PduAssert
{
    public static void Equal(Pdu expected, Pdu actual) => Assert.Equal(Describe(expected), Describe(actual));

    public static string Describe(Pdu pdu)
    {
        var text = new StringBuilder();
        text.AppendLine(pdu.Type.ToString());
        switch (pdu)
        {
            case AssociateRequestPdu rq:
                text.AppendLine($"called={rq.CalledAeTitle} calling={rq.CallingAeTitle} version={rq.ProtocolVersion} context={rq.ApplicationContextName}");
                foreach (PresentationContextProposal pc in rq.PresentationContexts)
                {
                    text.AppendLine($"pc {pc.Id} {pc.AbstractSyntax} [{string.Join(", ", pc.TransferSyntaxes)}]");
                }

                Describe(text, rq.UserInformation);
                break;
            case AssociateAcceptPdu ac:
                text.AppendLine($"called={ac.CalledAeTitle} calling={ac.CallingAeTitle} version={ac.ProtocolVersion} context={ac.ApplicationContextName}");
                foreach (PresentationContextResult pc in ac.PresentationContexts)
                {
                    text.AppendLine($"pc {pc.Id} {pc.Result} {pc.TransferSyntax}");
                }

                Describe(text, ac.UserInformation);
                break;
            case DataTransferPdu data:
                foreach (PresentationDataValue pdv in data.Values)
                {
                    text.AppendLine($"pdv {pdv.PresentationContextId} command={pdv.IsCommand} last={pdv.IsLastFragment} {Hex(pdv.Fragment)}");
                }

                break;
            default:
                // The remaining records hold only scalar fields, so their generated ToString is exact.
                text.AppendLine(pdu.ToString());
                break;
        }

        return text.ToString();
    }

    public static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexString(bytes.Span);

    private static void Describe(StringBuilder text, UserInformation info)
    {
        text.AppendLine($"max={info.MaximumLength} class={info.ImplementationClassUid} version={info.ImplementationVersionName ?? "(none)"}");
        text.AppendLine($"async={info.AsynchronousOperationsWindow?.ToString() ?? "(none)"}");
        foreach (RoleSelection role in info.RoleSelections)
        {
            text.AppendLine(role.ToString());
        }

        foreach (ExtendedNegotiation negotiation in info.ExtendedNegotiations)
        {
            text.AppendLine($"ext {negotiation.SopClassUid} {Hex(negotiation.ApplicationInformation)}");
        }

        foreach (CommonExtendedNegotiation negotiation in info.CommonExtendedNegotiations)
        {
            text.AppendLine($"common {negotiation.SopClassUid} {negotiation.ServiceClassUid} [{string.Join(", ", negotiation.RelatedGeneralSopClasses)}]");
        }

        if (info.UserIdentityRequest is { } identity)
        {
            text.AppendLine($"identity {identity.IdentityType} {identity.PositiveResponseRequested} {Hex(identity.PrimaryField)} {Hex(identity.SecondaryField)}");
        }

        text.AppendLine($"identity-response={(info.UserIdentityServerResponse is { } response ? Hex(response) : "(none)")}");
        foreach (UnknownSubItem unknown in info.UnknownSubItems)
        {
            text.AppendLine($"unknown 0x{unknown.ItemType:X2} {Hex(unknown.Value)}");
        }
    }
}
