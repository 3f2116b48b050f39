using System.Diagnostics;
using DicomNode.Dicom.Network.Pdus;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>
/// Seeded hostile streams against one live SCP; after each, a normal client's C-ECHO must succeed.
/// DICOMNODE_NET_FUZZ_CASES sets the number of cases (200 by default), DICOMNODE_NET_FUZZ_SEED the first seed.
/// The codec alone is fuzzed far harder in Pdus/PduFuzzTests; this is about the server surviving its peers.
/// </summary>
public sealed class LiveServerFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 200;
    private const int DefaultSeed = 8_000_000;

    [Fact]
    public async Task HostileStreams_NeverStopTheServerServingOthers()
    {
        int cases = ReadSetting("DICOMNODE_NET_FUZZ_CASES", DefaultCases);
        int firstSeed = ReadSetting("DICOMNODE_NET_FUZZ_SEED", DefaultSeed);
        await using var scp = HostileServer.Start();
        var answers = new Dictionary<string, int>();
        int heldUntilArtim = 0;
        var watch = Stopwatch.StartNew();

        for (int seed = firstSeed; seed < firstSeed + cases; seed++)
        {
            var bytes = HostileStreams.Create(seed);
            string context = $"after case seed {seed} ({bytes.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 96)))})";
            ServerAnswer answer;
            using (var raw = await RawPeer.ConnectAsync(scp.Port))
            {
                await raw.SendAsync(bytes);
                raw.ShutdownSend();
                answer = await raw.ReadUntilClosedAsync(HostileServer.Artim + HostileServer.Slack);
            }

            // Whatever it got, the server answers only with whole, well-formed PDUs.
            IReadOnlyList<Pdu> pdus;
            try
            {
                pdus = WirePdus.Split(answer.Bytes);
            }
            catch (PduFormatException ex)
            {
                throw new Xunit.Sdk.XunitException($"The server sent a malformed PDU {context}: {ex.Message}");
            }

            string key = pdus.Count == 0 ? "closed without a PDU" : string.Join(" + ", pdus.Select(Describe));
            answers[key] = answers.GetValueOrDefault(key) + 1;
            if (answer.ClosedAfter >= HostileServer.Artim)
            {
                heldUntilArtim++;
            }

            await NormalClient.AssertEchoSucceedsAsync(scp, context);
        }

        output.WriteLine($"{cases} cases from seed {firstSeed} in {watch.Elapsed.TotalSeconds:0.0} s; {heldUntilArtim} held until ARTIM");
        foreach (var (key, count) in answers.OrderByDescending(a => a.Value))
        {
            output.WriteLine($"{count,6}  {key}");
        }

        // The last echo's association may still be finishing on the server's side; none may stay open.
        var deadline = DateTime.UtcNow + HostileServer.Artim + HostileServer.Slack;
        while (scp.Server.ActiveAssociations > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, scp.Server.ActiveAssociations);
    }

    private static string Describe(Pdu pdu) => pdu switch
    {
        AbortPdu abort => $"A-ABORT({abort.Source}, {abort.Reason})",
        AssociateRejectPdu reject => $"A-ASSOCIATE-RJ({reject.Source}, {(byte)reject.Reason})",
        _ => pdu.Type.ToString(),
    };

    private static int ReadSetting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;
}
