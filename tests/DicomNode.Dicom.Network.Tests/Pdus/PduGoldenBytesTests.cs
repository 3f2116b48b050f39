using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>
/// Each PDU type against bytes assembled by hand from the layouts of PS3.8 §9.3: Encode must produce
/// them exactly and Decode must give back an equal record.
/// </summary>
public sealed class PduGoldenBytesTests
{
    private const string Verification = "1.2.840.10008.1.1";
    private const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";

    private static readonly UserInformation GoldenUserInformation = new()
    {
        MaximumLength = 16384,
        ImplementationClassUid = "1.2.3.4.5",
        ImplementationVersionName = "GOLDEN_1",
    };

    // User information item (PS3.8 §9.3.2.3): 33 bytes of sub-items.
    private static readonly byte[] GoldenUserInformationItem = Bytes.Of(
        0x50, 0x00, 0x00, 0x21,
        0x51, 0x00, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00, // maximum length 16384
        0x52, 0x00, 0x00, 0x09, "1.2.3.4.5", // implementation class UID
        0x55, 0x00, 0x00, 0x08, "GOLDEN_1"); // implementation version name

    // Application context item: 21 characters, not padded.
    private static readonly byte[] ApplicationContextItem = Bytes.Of(0x10, 0x00, 0x00, 0x15, "1.2.840.10008.3.1.1.1");

    [Fact]
    public void AssociateRequest_WithVerificationContext_EncodesToStandardLayout()
    {
        byte[] golden = Bytes.Of(
            0x01, 0x00, 0x00, 0x00, 0x00, 0xB4, // A-ASSOCIATE-RQ, length 180
            0x00, 0x01, 0x00, 0x00, // protocol version 1, reserved
            Bytes.AeTitle("YOU"), Bytes.AeTitle("ME"),
            Bytes.Zeros(32),
            ApplicationContextItem,
            0x20, 0x00, 0x00, 0x2E, 0x01, 0x00, 0x00, 0x00, // presentation context 1, 46 bytes
            0x30, 0x00, 0x00, 0x11, Verification,
            0x40, 0x00, 0x00, 0x11, ImplicitVrLittleEndian,
            GoldenUserInformationItem);
        var pdu = new AssociateRequestPdu(
            "YOU",
            "ME",
            [new PresentationContextProposal(1, Verification, [ImplicitVrLittleEndian])],
            GoldenUserInformation);

        AssertGolden(golden, pdu);
    }

    [Fact]
    public void AssociateAccept_AcceptingOneContext_EncodesToStandardLayout()
    {
        byte[] golden = Bytes.Of(
            0x02, 0x00, 0x00, 0x00, 0x00, 0x9F, // A-ASSOCIATE-AC, length 159
            0x00, 0x01, 0x00, 0x00,
            Bytes.AeTitle("YOU"), Bytes.AeTitle("ME"),
            Bytes.Zeros(32),
            ApplicationContextItem,
            0x21, 0x00, 0x00, 0x19, 0x01, 0x00, 0x00, 0x00, // context 1, 25 bytes, result 0 (acceptance)
            0x40, 0x00, 0x00, 0x11, ImplicitVrLittleEndian,
            GoldenUserInformationItem);
        var pdu = new AssociateAcceptPdu(
            "YOU",
            "ME",
            [new PresentationContextResult(1, PresentationContextResultReason.Acceptance, ImplicitVrLittleEndian)],
            GoldenUserInformation);

        AssertGolden(golden, pdu);
    }

    [Fact]
    public void AssociateReject_CalledAeNotRecognized_EncodesToStandardLayout()
    {
        byte[] golden = [0x03, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x01, 0x07];
        var pdu = new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAeTitleNotRecognized);

        AssertGolden(golden, pdu);
    }

    [Fact]
    public void DataTransfer_WithTwoPdvs_EncodesLengthsAndControlHeaders()
    {
        byte[] golden = Bytes.Of(
            0x04, 0x00, 0x00, 0x00, 0x00, 0x11, // P-DATA-TF, length 17
            0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0xAA, 0xBB, 0xCC, 0xDD, // context 1, command, last
            0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0xEE); // context 3, data set, more to follow
        var pdu = new DataTransferPdu(
        [
            new PresentationDataValue(1, IsCommand: true, IsLastFragment: true, new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }),
            new PresentationDataValue(3, IsCommand: false, IsLastFragment: false, new byte[] { 0xEE }),
        ]);

        AssertGolden(golden, pdu);
    }

    [Fact]
    public void ReleaseRequest_EncodesFourReservedBytes()
    {
        AssertGolden([0x05, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00], new ReleaseRequestPdu());
    }

    [Fact]
    public void ReleaseResponse_EncodesFourReservedBytes()
    {
        AssertGolden([0x06, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00], new ReleaseResponsePdu());
    }

    [Fact]
    public void Abort_FromProvider_EncodesSourceAndReason()
    {
        AssertGolden([0x07, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, 0x06], new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue));
    }

    [Fact]
    public void DataTransferHeader_ForOneFragment_MatchesTheEncodedPdu()
    {
        byte[] fragment = [1, 2, 3, 4, 5, 6, 7];
        byte[] whole = PduWriter.Encode(new DataTransferPdu([new PresentationDataValue(5, IsCommand: false, IsLastFragment: true, fragment)]));

        byte[] header = PduWriter.EncodeDataTransferHeader(fragment.Length, 5, isCommand: false, isLastFragment: true);

        Assert.Equal(PduWriter.DataTransferHeaderLength, header.Length);
        Assert.Equal(whole, header.Concat(fragment).ToArray());
        Assert.Equal(new byte[] { 0x04, 0x00, 0x00, 0x00, 0x00, 0x0D, 0x00, 0x00, 0x00, 0x09, 0x05, 0x02 }, header);
    }

    [Fact]
    public async Task WriteAsync_WritesTheSameBytesAsEncode()
    {
        var pdu = new DataTransferPdu([new PresentationDataValue(1, true, true, new byte[] { 9, 8, 7 })]);
        using var stream = new MemoryStream();

        await PduWriter.WriteAsync(stream, pdu, CancellationToken.None);
        await PduWriter.WriteAsync(stream, new ReleaseRequestPdu(), CancellationToken.None);

        Assert.Equal(PduWriter.Encode(pdu).Concat(PduWriter.Encode(new ReleaseRequestPdu())).ToArray(), stream.ToArray());
    }

    private static void AssertGolden(byte[] golden, Pdu pdu)
    {
        Assert.Equal(Convert.ToHexString(golden), Convert.ToHexString(PduWriter.Encode(pdu)));
        PduAssert.Equal(pdu, PduReader.Decode(golden));
    }
}
