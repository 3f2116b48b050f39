namespace DicomNode.Dicom.Tests.Imaging.Codecs;

/// <summary>The shared scanner files beside the repository: <c>../shared/realdata</c> from the repository root.</summary>
internal static class RealData
{
    public static string Folder(string relative)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !System.IO.File.Exists(Path.Combine(root.FullName, "DicomNode.sln")))
        {
            root = root!.Parent;
        }

        Assert.True(root is not null, $"no DicomNode.sln above {AppContext.BaseDirectory}: cannot find ../shared/realdata");
        var folder = Path.GetFullPath(Path.Combine(root!.FullName, "..", "shared", "realdata", relative));
        Assert.True(Directory.Exists(folder), $"{folder} is missing: the tests need the shared real data beside the repository (see ../shared/realdata/README.md)");
        return folder;
    }

    public static string File(string relative)
    {
        var path = Path.Combine(Folder(Path.GetDirectoryName(relative)!), Path.GetFileName(relative));
        Assert.True(System.IO.File.Exists(path), $"{path} is missing from the shared real data");
        return path;
    }
}
