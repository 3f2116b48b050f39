using DicomNode.Phantom;

namespace DicomNode.Imaging.Tests;

/// <summary>
/// One phantom subject per vendor profile (seeds 11, 12, 13), generated once for every test class in the
/// "Phantom studies" collection into a temporary folder, and deleted after them. Tests only read it.
/// </summary>
public sealed class PhantomStudies : IDisposable
{
    public PhantomStudies()
    {
        Root = Path.Combine(Path.GetTempPath(), "imaging-tests-" + Guid.NewGuid().ToString("N"));
        var folders = new Dictionary<string, string>(StringComparer.Ordinal);
        var seed = 11;
        foreach (var profile in PhantomGenerator.Profiles)
        {
            folders[profile] = PhantomGenerator.Generate(seed++, profile, Path.Combine(Root, profile));
        }

        Folders = folders;
    }

    /// <summary>A folder tests may write beside the studies (e.g. copies with a series left out).</summary>
    public string Root { get; }

    public IReadOnlyDictionary<string, string> Folders { get; }

    public string Folder(string profile) => Folders[profile];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class PhantomStudiesCollection : ICollectionFixture<PhantomStudies>
{
    public const string Name = "Phantom studies";
}
