namespace DicomNode.Reporting.Tests;

/// <summary>A folder of its own for one test, deleted afterwards (links in it are removed, never their targets).</summary>
internal sealed class ScratchFolder : IDisposable
{
    public ScratchFolder()
    {
        Path = Directory.CreateTempSubdirectory("reporting-scratch-").FullName;
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
