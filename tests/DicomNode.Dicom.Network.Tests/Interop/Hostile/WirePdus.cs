using System.Buffers.Binary;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>Well-formed PDUs to send raw (and to mutate), and a splitter for what the server answers.</summary>
internal static class WirePdus
{
    public static AssociateRequestPdu EchoRequest(string calledAeTitle = StorageScpFixture.AeTitle) => new(
        calledAeTitle,
        "HOSTILE",
        new[] { new PresentationContextProposal(1, StandardSyntaxes.Verification, new[] { DicomTransferSyntax.ImplicitVRLittleEndian.Uid }) },
        new UserInformation { MaximumLength = 16384 });

    /// <summary>A P-DATA-TF holding a whole C-ECHO-RQ command on presentation context 1.</summary>
    public static byte[] EchoCommand(ushort messageId = 1) => PduWriter.Encode(new DataTransferPdu(new[]
    {
        new PresentationDataValue(1, IsCommand: true, IsLastFragment: true, DimseCommand.CEchoRequest(messageId).Encode()),
    }));

    /// <summary>A PDU header: type, reserved byte, big-endian length.</summary>
    public static byte[] Header(PduType type, uint length)
    {
        var header = new byte[6];
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        return header;
    }

    /// <summary>The exact bytes of an A-ABORT PDU (PS3.8 §9.3.8).</summary>
    public static byte[] Abort(AbortSource source, AbortReason reason) => PduWriter.Encode(new AbortPdu(source, reason));

    /// <summary>Splits bytes received from the server into whole PDUs; every one must decode.</summary>
    public static IReadOnlyList<Pdu> Split(byte[] bytes)
    {
        var pdus = new List<Pdu>();
        int offset = 0;
        while (offset < bytes.Length)
        {
            Assert.True(bytes.Length - offset >= 6, $"{bytes.Length - offset} trailing byte(s) are not a PDU header");
            long length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 2));
            Assert.True(offset + 6 + length <= bytes.Length, $"the server sent a PDU of {length} bytes cut short");
            pdus.Add(PduReader.Decode(bytes.AsSpan(offset, (int)(6 + length))));
            offset += (int)(6 + length);
        }

        return pdus;
    }
}
