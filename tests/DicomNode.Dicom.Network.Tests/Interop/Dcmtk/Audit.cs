using DicomNode.Dicom.Network.Services;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>The server records an association after the peer has gone, a moment after the peer exits.</summary>
internal static class Audit
{
    public static async Task<IReadOnlyList<AssociationRecord>> WaitForRecordsAsync(StorageScpFixture scp, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (scp.Observer.Records.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the server recorded {scp.Observer.Records.Count} of {count} associations");
            await Task.Delay(20);
        }

        return scp.Observer.Records;
    }
}
