namespace DicomNode.Imaging.Tests.RealData;

/// <summary>
/// The real scanner files of <c>../shared/realdata/</c> beside the repository (read only, never copied into it). A
/// missing folder fails the test with where it was looked for: CI has it, and a test that skipped would prove nothing.
/// The one locator of the real data for every test project (linked into the others).
/// </summary>
internal static class RealDataFolder
{
    public static string Root { get; } = FindRoot();

    public static string Of(string relative)
    {
        var path = Path.Combine(Root, relative);
        return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"real data folder {path} is missing");
    }

    public static string FileOf(string relative)
    {
        var path = Path.Combine(Root, relative);
        return File.Exists(path) ? path : throw new FileNotFoundException($"real data file {path} is missing", path);
    }

    public static string[] FilesOf(string relative) =>
        Directory.GetFiles(Of(relative), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomNode.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "realdata"));
                return Directory.Exists(shared) ? shared : throw new DirectoryNotFoundException($"../shared/realdata not found beside the repository ({shared})");
            }
        }

        throw new DirectoryNotFoundException("DicomNode.sln not found above " + AppContext.BaseDirectory);
    }
}
