using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>
/// Seeded byte streams for fuzzing a live server: random bytes, well-formed PDUs with bytes changed,
/// cut short or with a false length, valid PDUs in orders the protocol forbids, and an association
/// followed by a damaged DIMSE command.
/// </summary>
internal static class HostileStreams
{
    private static readonly byte[][] ValidPdus =
    [
        PduWriter.Encode(WirePdus.EchoRequest()),
        PduWriter.Encode(WirePdus.EchoRequest("UNKNOWN")),
        PduWriter.Encode(new AssociateAcceptPdu(StorageScpFixture.AeTitle, "HOSTILE",
            new[] { new PresentationContextResult(1, PresentationContextResultReason.Acceptance, DicomTransferSyntax.ImplicitVRLittleEndian.Uid) },
            new UserInformation { MaximumLength = 16384 })),
        PduWriter.Encode(new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven)),
        WirePdus.EchoCommand(),
        PduWriter.Encode(new ReleaseRequestPdu()),
        PduWriter.Encode(new ReleaseResponsePdu()),
        PduWriter.Encode(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)),
    ];

    private static readonly byte[] EchoCommandSet = DimseCommand.CEchoRequest(1).Encode();

    /// <summary>The stream of case <paramref name="seed"/>; the same seed always gives the same bytes.</summary>
    public static byte[] Create(int seed)
    {
        var random = new Random(seed);
        return random.Next(7) switch
        {
            0 => RandomBytes(random, random.Next(1, 4096)),
            1 => Mutate(random, AnyValid(random)),
            2 => Truncate(random, Concat(ValidPdus[0], AnyValid(random))),
            3 => WithFalseLength(random, AnyValid(random)),
            4 => Concat(ValidPdus[0], Mutate(random, AnyValid(random))),
            5 => Concat(ValidPdus[0], DamagedCommand(random)),
            _ => Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => AnyValid(random)).ToArray()),
        };
    }

    private static byte[] AnyValid(Random random) => ValidPdus[random.Next(ValidPdus.Length)];

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = original.ToList();
        for (int i = random.Next(1, 9); i > 0 && bytes.Count > 0; i--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static byte[] Truncate(Random random, byte[] original) => original[..random.Next(1, original.Length)];

    private static byte[] WithFalseLength(Random random, byte[] original)
    {
        var bytes = (byte[])original.Clone();
        uint length = random.Next(3) switch
        {
            0 => (uint)random.Next(0, 16),
            1 => (uint)random.Next(0, 1 << 20),
            _ => (uint)random.NextInt64(0, 1L << 32),
        };
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), length);
        return bytes;
    }

    /// <summary>A well-framed P-DATA-TF whose command set has bytes changed.</summary>
    private static byte[] DamagedCommand(Random random) => PduWriter.Encode(new DataTransferPdu(new[]
    {
        new PresentationDataValue(1, IsCommand: true, IsLastFragment: random.Next(4) != 0, Mutate(random, EchoCommandSet)),
    }));

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
