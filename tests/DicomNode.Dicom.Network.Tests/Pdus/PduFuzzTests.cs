using System.Diagnostics;
using System.Text;
using DicomNode.Dicom.Network.Pdus;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>
/// Seeded mutation fuzzing of valid PDUs: whatever the bytes, only <see cref="PduFormatException"/>
/// may escape the reader. The case count comes from DICOMNODE_PDU_FUZZ_CASES (default 20,000) and
/// the seed from DICOMNODE_PDU_FUZZ_SEED (default fixed), so a failure can be replayed.
/// </summary>
public sealed class PduFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 20_000;
    private const int DefaultSeed = 20_240_817;
    private const uint MaxPduLength = 64 * 1024;

    [Fact]
    public async Task MutatedPdus_OnlyEverFailWithPduFormatException()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("DICOMNODE_PDU_FUZZ_CASES"), out int n) && n > 0 ? n : DefaultCases;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("DICOMNODE_PDU_FUZZ_SEED"), out int s) ? s : DefaultSeed;
        byte[][] corpus = Corpus().Select(PduWriter.Encode).ToArray();
        var random = new Random(seed);
        int decoded = 0;
        int rejected = 0;
        var clock = Stopwatch.StartNew();

        for (int i = 0; i < cases; i++)
        {
            byte[] bytes = Mutate(corpus[random.Next(corpus.Length)], random);
            bool decodeOk = Survives(() => PduReader.Decode(bytes), bytes, i);
            using var stream = new MemoryStream(bytes);
            await SurvivesAsync(() => PduReader.ReadAsync(stream, MaxPduLength, CancellationToken.None).AsTask(), bytes, i);
            if (decodeOk)
            {
                decoded++;
            }
            else
            {
                rejected++;
            }
        }

        output.WriteLine($"{cases} cases (seed {seed}) in {clock.Elapsed.TotalSeconds:F2} s: {decoded} decoded, {rejected} rejected with PduFormatException.");
        Assert.True(rejected > cases / 10, "The mutations should mostly produce bad PDUs.");
    }

    private static bool Survives(Func<Pdu> decode, byte[] bytes, int index)
    {
        try
        {
            decode();
            return true;
        }
        catch (PduFormatException)
        {
            return false;
        }
        catch (Exception e)
        {
            Assert.Fail($"Case {index}: {e.GetType().Name} escaped Decode for {Convert.ToHexString(bytes)}\n{e}");
            return false;
        }
    }

    private static async Task SurvivesAsync(Func<Task<Pdu?>> read, byte[] bytes, int index)
    {
        try
        {
            await read();
        }
        catch (PduFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"Case {index}: {e.GetType().Name} escaped ReadAsync for {Convert.ToHexString(bytes)}\n{e}");
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int rounds = 1 + random.Next(3);
        for (int round = 0; round < rounds && bytes.Length > 0; round++)
        {
            switch (random.Next(7))
            {
                case 0: // flip a few bits
                    for (int flips = 1 + random.Next(8); flips > 0; flips--)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // truncate
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 2: // corrupt a 2-byte (item) length field somewhere
                    if (bytes.Length >= 2)
                    {
                        int at = random.Next(bytes.Length - 1);
                        ushort value = (ushort)(random.Next(4) == 0 ? random.Next(0x10000) : bytes[at] << 8 | (bytes[at + 1] + random.Next(-4, 5)) & 0xFF);
                        bytes[at] = (byte)(value >> 8);
                        bytes[at + 1] = (byte)value;
                    }

                    break;
                case 3: // corrupt the PDU length or a PDV length (4 bytes)
                    if (bytes.Length >= 6)
                    {
                        int at = random.Next(2) == 0 ? 2 : random.Next(bytes.Length - 3);
                        uint value = random.Next(3) switch
                        {
                            0 => (uint)random.NextInt64(0, uint.MaxValue + 1L),
                            1 => (uint)random.Next(8),
                            _ => (uint)(bytes.Length - 6 + random.Next(-3, 4)),
                        };
                        bytes[at] = (byte)(value >> 24);
                        bytes[at + 1] = (byte)(value >> 16);
                        bytes[at + 2] = (byte)(value >> 8);
                        bytes[at + 3] = (byte)value;
                    }

                    break;
                case 4: // overwrite a run with random bytes
                    int start = random.Next(bytes.Length);
                    random.NextBytes(bytes.AsSpan(start, Math.Min(bytes.Length - start, 1 + random.Next(16))));
                    break;
                case 5: // insert or delete a few bytes
                    int position = random.Next(bytes.Length);
                    int count = 1 + random.Next(4);
                    bytes = random.Next(2) == 0
                        ? bytes[..position].Concat(RandomBytes(random, count)).Concat(bytes[position..]).ToArray()
                        : bytes[..position].Concat(bytes[Math.Min(bytes.Length, position + count)..]).ToArray();
                    break;
                default: // random body behind a plausible header
                    byte[] body = RandomBytes(random, random.Next(200));
                    bytes = new byte[6 + body.Length];
                    bytes[0] = (byte)(1 + random.Next(7));
                    bytes[5] = (byte)body.Length;
                    body.CopyTo(bytes, 6);
                    break;
            }
        }

        return bytes;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static IEnumerable<Pdu> Corpus()
    {
        var user = new UserInformation
        {
            MaximumLength = 16384,
            AsynchronousOperationsWindow = new AsynchronousOperationsWindow(1, 1),
            RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", true, true)],
            ExtendedNegotiations = [new ExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", new byte[] { 1, 0 })],
            CommonExtendedNegotiations = [new CommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.4.2", ["1.2.3", "1.2.4"])],
            UserIdentityRequest = new UserIdentityRequest(UserIdentityType.UsernameAndPasscode, true, Encoding.ASCII.GetBytes("user"), Encoding.ASCII.GetBytes("secret")),
            UserIdentityServerResponse = new byte[] { 1, 2 },
            UnknownSubItems = [new UnknownSubItem(0x6F, new byte[] { 9 })],
        };
        yield return new AssociateRequestPdu(
            "CALLED",
            "CALLING",
            [
                new PresentationContextProposal(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]),
                new PresentationContextProposal(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.50"]),
            ],
            user);
        yield return new AssociateAcceptPdu(
            "CALLED",
            "CALLING",
            [
                new PresentationContextResult(1, PresentationContextResultReason.Acceptance, "1.2.840.10008.1.2"),
                new PresentationContextResult(3, PresentationContextResultReason.TransferSyntaxesNotSupported, string.Empty),
            ],
            user);
        yield return new AssociateRejectPdu(AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.TemporaryCongestion);
        yield return new DataTransferPdu(
        [
            new PresentationDataValue(1, true, false, new byte[] { 0, 0, 0, 0, 4, 0, 0, 0 }),
            new PresentationDataValue(1, true, true, new byte[] { 1, 2, 3 }),
            new PresentationDataValue(3, false, true, new byte[40]),
        ]);
        yield return new ReleaseRequestPdu();
        yield return new ReleaseResponsePdu();
        yield return new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified);
    }
}
