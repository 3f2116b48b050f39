using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Tests.Interop.StoreScp;

namespace DicomNode.Dicom.Network.Tests.Interop.Orthanc;

/// <summary>
/// Our SCU against Orthanc, a real PACS: C-ECHO, and C-STORE of the same varied files sent to
/// storescp, each fetched back through Orthanc's REST API and compared with the original.
/// </summary>
public sealed class OrthancInteropTests
{
    private const string CallingAeTitle = "DICOMNODESCU";

    [OrthancFact]
    public async Task Echo_IsAnsweredWithSuccess()
    {
        using var orthanc = await OrthancPeer.StartAsync(CallingAeTitle);
        var status = await Client(orthanc).EchoAsync().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(DimseStatus.Success, status);
    }

    [OrthancFact]
    public async Task Store_EveryFileArrivesIntact()
    {
        using var orthanc = await OrthancPeer.StartAsync(CallingAeTitle);
        var originals = StoreCorpus.Originals();

        var results = await Client(orthanc).StoreFilesAsync(StoreCorpus.Paths()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(results, r => Assert.True(r.Succeeded, $"{r}\nOrthanc:\n{orthanc.Output}"));
        Assert.Equal(originals.Count, results.Count);

        var instances = await orthanc.InstancesAsync();
        Assert.Equal(originals.Count, instances.Length);
        var seen = new HashSet<string>();
        foreach (var instance in instances)
        {
            var bytes = await orthanc.FileAsync(instance);
            var uid = Part10Reader.Read(bytes).Dataset.GetUid(DicomTags.SOPInstanceUID)!;
            Assert.True(originals.TryGetValue(uid, out var original), $"Orthanc holds {uid}, which we did not send");
            Assert.True(seen.Add(uid), $"Orthanc holds {uid} twice");
            ReceivedInstanceAssert.Intact(Path.GetFileName(original.Path), original.File, bytes);
        }
    }

    private static DicomClient Client(OrthancPeer orthanc) => new(new DicomClientOptions
    {
        Host = "127.0.0.1",
        Port = orthanc.DicomPort,
        CallingAeTitle = CallingAeTitle,
        CalledAeTitle = OrthancPeer.AeTitle,
    });
}
