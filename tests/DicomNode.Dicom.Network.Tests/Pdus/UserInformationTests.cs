using System.Text;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>The user information sub-items of PS3.7 Annex D.3.3: their layouts and their round trips.</summary>
public sealed class UserInformationTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string StorageServiceClass = "1.2.840.10008.4.2";

    // Offset of the first sub-item after the maximum length sub-item in an A-ASSOCIATE-RQ that has
    // no presentation context: header 6, fixed fields 68, application context item 25, user
    // information item header 4, maximum length sub-item 8.
    private const int FirstOptionalSubItemOffset = 6 + 68 + 25 + 4 + 8;

    [Fact]
    public void AsynchronousOperationsWindow_EncodesInvokedThenPerformed()
    {
        byte[] subItems = EncodeOptionalSubItems(Bare with { AsynchronousOperationsWindow = new AsynchronousOperationsWindow(1, 2) });

        Assert.Equal(Bytes.Of(0x53, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x02), subItems);
    }

    [Fact]
    public void RoleSelection_EncodesUidLengthUidAndBothRoles()
    {
        byte[] subItems = EncodeOptionalSubItems(Bare with { RoleSelections = [new RoleSelection(CtImageStorage, ScuRole: false, ScpRole: true)] });

        Assert.Equal(Bytes.Of(0x54, 0x00, 0x00, 0x1D, 0x00, 0x19, CtImageStorage, 0x00, 0x01), subItems);
    }

    [Fact]
    public void ExtendedNegotiation_EncodesUidThenApplicationInformation()
    {
        byte[] subItems = EncodeOptionalSubItems(Bare with { ExtendedNegotiations = [new ExtendedNegotiation(CtImageStorage, new byte[] { 1, 0, 1 })] });

        Assert.Equal(Bytes.Of(0x56, 0x00, 0x00, 0x1E, 0x00, 0x19, CtImageStorage, 0x01, 0x00, 0x01), subItems);
    }

    [Fact]
    public void CommonExtendedNegotiation_EncodesRelatedClassesAsLengthPrefixedList()
    {
        var negotiation = new CommonExtendedNegotiation(CtImageStorage, StorageServiceClass, ["1.2.3", "1.2.34"]);

        byte[] subItems = EncodeOptionalSubItems(Bare with { CommonExtendedNegotiations = [negotiation] });

        // 2+25 + 2+17 + 2 + (2+5) + (2+6) = 63 bytes.
        Assert.Equal(
            Bytes.Of(0x57, 0x00, 0x00, 0x3F, 0x00, 0x19, CtImageStorage, 0x00, 0x11, StorageServiceClass, 0x00, 0x0F, 0x00, 0x05, "1.2.3", 0x00, 0x06, "1.2.34"),
            subItems);
    }

    [Fact]
    public void UserIdentityRequest_EncodesTypeFlagAndBothFields()
    {
        var identity = new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, PositiveResponseRequested: true, Encoding.ASCII.GetBytes("alice"), Encoding.ASCII.GetBytes("pw"));

        byte[] subItems = EncodeOptionalSubItems(Bare with { UserIdentityRequest = identity });

        Assert.Equal(Bytes.Of(0x58, 0x00, 0x00, 0x0D, 0x02, 0x01, 0x00, 0x05, "alice", 0x00, 0x02, "pw"), subItems);
    }

    [Fact]
    public void UserIdentityServerResponse_EncodesLengthAndResponse()
    {
        byte[] subItems = EncodeOptionalSubItems(Bare with { UserIdentityServerResponse = new byte[] { 0xCA, 0xFE } });

        Assert.Equal(Bytes.Of(0x59, 0x00, 0x00, 0x04, 0x00, 0x02, 0xCA, 0xFE), subItems);
    }

    [Fact]
    public void UnknownSubItem_IsKeptAsReadAndWrittenBack()
    {
        byte[] subItems = EncodeOptionalSubItems(Bare with { UnknownSubItems = [new UnknownSubItem(0x7A, new byte[] { 1, 2, 3 })] });

        Assert.Equal(Bytes.Of(0x7A, 0x00, 0x00, 0x03, 0x01, 0x02, 0x03), subItems);
    }

    [Fact]
    public void EverySubItem_RoundTripsThroughAssociateRequest()
    {
        var pdu = new AssociateRequestPdu("CALLED", "CALLING", [new PresentationContextProposal(1, CtImageStorage, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])], Full);

        PduAssert.Equal(pdu, PduReader.Decode(PduWriter.Encode(pdu)));
    }

    [Fact]
    public void EverySubItem_RoundTripsThroughAssociateAccept()
    {
        var pdu = new AssociateAcceptPdu(
            "CALLED",
            "CALLING",
            [
                new PresentationContextResult(1, PresentationContextResultReason.Acceptance, "1.2.840.10008.1.2.1"),
                new PresentationContextResult(3, PresentationContextResultReason.AbstractSyntaxNotSupported, string.Empty),
            ],
            Full);

        PduAssert.Equal(pdu, PduReader.Decode(PduWriter.Encode(pdu)));
    }

    [Fact]
    public void MissingOptionalSubItems_DecodeAsAbsent()
    {
        var pdu = new AssociateRequestPdu("A", "B", [], Bare);

        var decoded = (AssociateRequestPdu)PduReader.Decode(PduWriter.Encode(pdu));

        Assert.Equal(string.Empty, decoded.UserInformation.ImplementationClassUid);
        Assert.Null(decoded.UserInformation.ImplementationVersionName);
        Assert.Null(decoded.UserInformation.AsynchronousOperationsWindow);
        Assert.Null(decoded.UserInformation.UserIdentityRequest);
        Assert.Null(decoded.UserInformation.UserIdentityServerResponse);
        Assert.Empty(decoded.UserInformation.UnknownSubItems);
    }

    [Fact]
    public void UidWithTrailingNul_IsTolerated()
    {
        byte[] bytes = PduWriter.Encode(new AssociateRequestPdu("A", "B", [], Bare with { ImplementationClassUid = "1.2.3.4\0" }));

        var decoded = (AssociateRequestPdu)PduReader.Decode(bytes);

        Assert.Equal("1.2.3.4", decoded.UserInformation.ImplementationClassUid);
    }

    private static UserInformation Bare => new()
    {
        MaximumLength = 16384,
        ImplementationClassUid = string.Empty,
        ImplementationVersionName = null,
    };

    private static UserInformation Full => new()
    {
        MaximumLength = 32768,
        ImplementationClassUid = "1.2.826.0.1.3680043.9.1",
        ImplementationVersionName = "FULL_1",
        AsynchronousOperationsWindow = new AsynchronousOperationsWindow(0, 5),
        RoleSelections = [new RoleSelection(CtImageStorage, true, false), new RoleSelection("1.2.840.10008.5.1.4.1.1.4", false, true)],
        ExtendedNegotiations = [new ExtendedNegotiation(CtImageStorage, new byte[] { 1, 1, 0, 1 })],
        CommonExtendedNegotiations = [new CommonExtendedNegotiation(CtImageStorage, StorageServiceClass, ["1.2.840.10008.5.1.4.1.1.2.1"]), new CommonExtendedNegotiation("1.2.3", "1.2.4", [])],
        UserIdentityRequest = new UserIdentityRequest(UserIdentityType.JsonWebToken, false, Encoding.ASCII.GetBytes("eyJhbGciOi"), ReadOnlyMemory<byte>.Empty),
        UserIdentityServerResponse = new byte[] { 0x01, 0x02, 0x03 },
        UnknownSubItems = [new UnknownSubItem(0x60, new byte[] { 0xFF }), new UnknownSubItem(0x5A, ReadOnlyMemory<byte>.Empty)],
    };

    private static byte[] EncodeOptionalSubItems(UserInformation info) =>
        PduWriter.Encode(new AssociateRequestPdu("A", "B", [], info))[FirstOptionalSubItemOffset..];
}
