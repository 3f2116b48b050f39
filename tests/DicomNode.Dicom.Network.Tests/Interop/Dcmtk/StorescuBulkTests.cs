using System.Diagnostics;
using DicomNode.Dicom.IO;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>storescu sending many instances to our SCP: one long association, and several at once.</summary>
public sealed class StorescuBulkTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Storescu_FiveHundredInstanceSeriesInOneAssociation_IsStoredCompletely()
    {
        using var series = SyntheticSeries.Write(count: 500, rows: 256, columns: 256);
        await using var scp = StorageScpFixture.Start();

        var clock = Stopwatch.StartNew();
        var (_, text) = await Dcmtk.StoreAsync(scp.Port, new[] { series.Folder }, new[] { "+sd" });
        clock.Stop();
        output.WriteLine($"500 instances of 256x256x16 bit in one association: {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.DoesNotContain("E: ", text, StringComparison.Ordinal);
        Assert.Equal(500, Dcmtk.Count(text, Dcmtk.StoreSucceeded));
        Assert.Equal(1, Dcmtk.Count(text, "Requesting Association"));
        var stored = scp.StoredFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.True(stored.SetEquals(series.SopInstanceUids), $"{stored.Count} of 500 instances stored");

        var sample = Part10Reader.ReadFile(Path.Combine(scp.Folder, series.SopInstanceUids[^1] + ".dcm"));
        DatasetAssert.Equal(Part10Reader.ReadFile(Path.Combine(series.Folder, "0500.dcm")).Dataset, sample.Dataset, "instance 500");

        var record = Assert.Single(await Audit.WaitForRecordsAsync(scp, 1));
        Assert.True(record.Accepted);
        Assert.Equal(500, record.InstancesStored);
        Assert.Equal("released", record.Outcome);
    }

    [Fact]
    public async Task EightStorescuProcessesAtOnce_AllSucceedAndEveryInstanceIsStored()
    {
        const int Peers = 8;
        const int PerPeer = 10;
        var batches = Enumerable.Range(0, Peers).Select(_ => SyntheticSeries.Write(PerPeer, rows: 64, columns: 64)).ToList();
        try
        {
            await using var scp = StorageScpFixture.Start();
            var peers = batches.Select(b => Dcmtk.StartStore(scp.Port, new[] { b.Folder }, new[] { "+sd" })).ToList();
            try
            {
                await Task.WhenAll(peers.Select(p => p.WaitForExitAsync(TimeSpan.FromSeconds(60))));
                foreach (var peer in peers)
                {
                    Assert.DoesNotContain("E: ", peer.Output, StringComparison.Ordinal);
                    Assert.Equal(PerPeer, Dcmtk.Count(peer.Output, Dcmtk.StoreSucceeded));
                }
            }
            finally
            {
                peers.ForEach(p => p.Dispose());
            }

            var stored = scp.StoredFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();
            Assert.True(stored.SetEquals(batches.SelectMany(b => b.SopInstanceUids)), $"{stored.Count} of {Peers * PerPeer} instances stored");

            var records = await Audit.WaitForRecordsAsync(scp, Peers);
            Assert.Equal(Peers, records.Count);
            Assert.All(records, r => Assert.True(r.Accepted && r.InstancesStored == PerPeer && r.Outcome == "released", r.ToString()));
            var overlapping = records.Count(r => records.Any(o => o != r && o.Started < r.Ended && r.Started < o.Ended));
            output.WriteLine($"{overlapping} of {Peers} associations overlapped another in time");
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}
