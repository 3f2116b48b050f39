using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Tests.Storage;

/// <summary>An unnamed file is named only once written whole; a name that exists keeps its first file; a failure says so.</summary>
public sealed class UnnamedFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-unnamed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WriteAndLink_NamesTheWholeFile_AndLeavesNothingElseInTheFolder()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(UnnamedFile.IsSupported);
            return;
        }

        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        var path = Path.Combine(_folder, "1.2.3.dcm");

        Assert.Equal(UnnamedFile.Outcome.Linked, UnnamedFile.WriteAndLink(path, bytes));

        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void WriteAndLink_ToANameThatExists_KeepsTheFirstFile()
    {
        if (!UnnamedFile.IsSupported)
        {
            return;
        }

        var path = Path.Combine(_folder, "1.2.3.dcm");
        File.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(UnnamedFile.Outcome.Exists, UnnamedFile.WriteAndLink(path, [4, 5, 6, 7]));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void WriteAndLink_IntoAFolderThatIsGone_ThrowsAnIOExceptionNamingIt()
    {
        if (!UnnamedFile.IsSupported)
        {
            return;
        }

        var missing = Path.Combine(_folder, "missing");

        var error = Assert.ThrowsAny<IOException>(() => UnnamedFile.WriteAndLink(Path.Combine(missing, "1.dcm"), [1]));

        Assert.Contains(missing, error.Message);
        Assert.True(UnnamedFile.IsSupported, "a missing folder is an error, not a file system without unnamed files");
    }
}
