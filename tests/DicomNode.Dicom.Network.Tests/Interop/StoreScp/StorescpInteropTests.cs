using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Dicom.Network.Tests.Interop.StoreScp;

/// <summary>Our SCU against DCMTK's storescp: C-ECHO, and C-STORE of a varied set of real files that must arrive intact.</summary>
public sealed class StorescpInteropTests
{
    private const string CallingAeTitle = "DICOMNODESCU";

    [StorescpFact]
    public async Task Echo_IsAnsweredWithSuccess()
    {
        using var storescp = await StorescpPeer.StartAsync();
        var status = await Client(storescp).EchoAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(DimseStatus.Success, status);
    }

    [StorescpFact]
    public async Task Store_EveryFileArrivesIntact()
    {
        using var storescp = await StorescpPeer.StartAsync();
        var originals = StoreCorpus.Originals();

        var results = await Client(storescp).StoreFilesAsync(StoreCorpus.Paths()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r}\nstorescp:\n{storescp.Output}"));
        Assert.Equal(originals.Count, results.Count);

        // storescp names each file MODALITY.SOPInstanceUID (its default, -uf).
        var stored = Directory.GetFiles(storescp.Folder);
        Assert.Equal(originals.Count, stored.Length);
        foreach (var (uid, (path, original)) in originals)
        {
            var file = Assert.Single(stored, f => Path.GetFileName(f).EndsWith("." + uid, StringComparison.Ordinal));
            ReceivedInstanceAssert.Intact(Path.GetFileName(path), original, await File.ReadAllBytesAsync(file));
        }
    }

    private static DicomClient Client(StorescpPeer storescp) => new(new DicomClientOptions
    {
        Host = "127.0.0.1",
        Port = storescp.Port,
        CallingAeTitle = CallingAeTitle,
        CalledAeTitle = StorescpPeer.AeTitle,
    });
}
