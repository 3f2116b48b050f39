using DicomNode.Dicom.IO;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>DCMTK's echoscu and storescu as the requestor, our storage SCP as the acceptor.</summary>
public sealed class StorescuToOurScpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Echoscu_IsAnsweredWithSuccess()
    {
        await using var scp = StorageScpFixture.Start();
        var (exitCode, text) = await Dcmtk.EchoAsync(scp.Port);
        Assert.True(exitCode == 0, text);
        Assert.Contains("Received Echo Response (Success)", text, StringComparison.Ordinal);
        var record = Assert.Single(await Audit.WaitForRecordsAsync(scp, 1));
        Assert.True(record.Accepted);
        Assert.Equal(Dcmtk.CallingAeTitle, record.CallingAeTitle);
    }

    [Fact]
    public async Task Storescu_EveryPydicomImageSegAndSrFile_IsStoredEqualToWhatWasSent()
    {
        var corpus = PydicomCorpus.StorageFiles();
        output.WriteLine($"{corpus.Count} files: {string.Join(", ", corpus.Select(f => f.Name))}");
        var batches = corpus
            .GroupBy(f => Dcmtk.ProposalOption(f.TransferSyntax))
            .SelectMany(g => PydicomCorpus.RoundsOfDistinctInstances(g).Select(round => (Option: g.Key, Round: round)));
        foreach (var (option, round) in batches)
        {
            await using var scp = StorageScpFixture.Start();
            var (_, text) = await Dcmtk.StoreAsync(scp.Port, round.Select(f => f.Path), option is null ? null : new[] { option });
            output.WriteLine($"storescu {option} {string.Join(' ', round.Select(f => f.Name))}");

            // storescu exits 0 even when a store failed: its output and the receiver tell.
            Assert.DoesNotContain("E: ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("F: ", text, StringComparison.Ordinal);
            Assert.Equal(round.Count, Dcmtk.Count(text, Dcmtk.StoreSucceeded));
            foreach (var sent in round)
            {
                var storedPath = Path.Combine(scp.Folder, sent.SopInstanceUid + ".dcm");
                Assert.True(File.Exists(storedPath), $"{sent.Name} was not stored");
                var original = Part10Reader.ReadFile(sent.Path);
                var stored = Part10Reader.ReadFile(storedPath);
                if (sent.TransferSyntax.IsEncapsulated)
                {
                    // Compressed data sets travel as they are: never decoded, never re-encoded.
                    Assert.Equal(sent.TransferSyntax.Uid, stored.TransferSyntax.Uid);
                }

                output.WriteLine($"  {sent.Name}: {sent.TransferSyntax.Name} sent, {stored.TransferSyntax.Name} stored");
                DatasetAssert.Equal(original.Dataset, stored.Dataset, $"{sent.Name} ({sent.TransferSyntax.Name} sent, {stored.TransferSyntax.Name} stored)");
            }

            var record = Assert.Single(await Audit.WaitForRecordsAsync(scp, 1));
            Assert.Equal(round.Count, record.InstancesStored);
        }
    }
}
