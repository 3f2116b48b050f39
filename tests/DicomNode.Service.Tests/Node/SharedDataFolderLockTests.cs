using DicomNode.Service.Hosting;

namespace DicomNode.Service.Tests.Node;

/// <summary>Issue 24: nodes sharing a PostgreSQL database share their data folder, each under a lock of its own name.</summary>
public sealed class SharedDataFolderLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-lock-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TwoNodesWithTheirOwnIds_ShareTheFolder_ButOneIdTwiceIsRefused()
    {
        using var node1 = DataFolderLock.Acquire(_folder, "node1");
        using var node2 = DataFolderLock.Acquire(_folder, "node2");

        var twice = Assert.Throws<DataFolderInUseException>(() => DataFolderLock.Acquire(_folder, "node1"));
        Assert.Contains("dicomnode.node1.lock", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANodeOfItsOwn_HoldsTheWholeFolder()
    {
        using var alone = DataFolderLock.Acquire(_folder);

        Assert.Throws<DataFolderInUseException>(() => DataFolderLock.Acquire(_folder));
    }
}
