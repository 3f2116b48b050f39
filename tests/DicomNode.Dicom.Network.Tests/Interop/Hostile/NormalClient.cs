using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>A well-behaved SCU run beside a hostile connection: it must be served as if nothing happened.</summary>
internal static class NormalClient
{
    public const string SmallFile = "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public static DicomClient For(StorageScpFixture scp) => new(new DicomClientOptions
    {
        Host = "127.0.0.1",
        Port = scp.Port,
        CallingAeTitle = "NORMAL",
        CalledAeTitle = StorageScpFixture.AeTitle,
        ConnectTimeout = Bound,
    });

    public static async Task AssertEchoSucceedsAsync(StorageScpFixture scp, string context = "")
    {
        var status = await For(scp).EchoAsync().WaitAsync(Bound);
        Assert.True(status == DimseStatus.Success, $"C-ECHO answered {status} {context}");
    }

    /// <summary>C-ECHO, then C-STORE of a small CT; asserts both succeed and the instance is on disk.</summary>
    public static async Task AssertEchoAndStoreSucceedAsync(StorageScpFixture scp)
    {
        await AssertEchoSucceedsAsync(scp);
        var results = await For(scp).StoreFilesAsync(new[] { SmallFile }).WaitAsync(Bound);
        var result = Assert.Single(results);
        Assert.True(result.Succeeded, result.ToString());
        Assert.True(File.Exists(Path.Combine(scp.Folder, result.SopInstanceUid + ".dcm")), "the stored instance is not on disk");
    }
}
