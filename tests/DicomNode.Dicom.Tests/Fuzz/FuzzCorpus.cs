namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>
/// The seed inputs: every *.dcm under pydicom's test data (real files from many vendors, every transfer
/// syntax pydicom handles, deflated and big-endian ones included), or under DICOMNODE_FUZZ_CORPUS.
/// </summary>
internal sealed class FuzzCorpus
{
    public const string DefaultFolder = "/usr/lib/python3/dist-packages/pydicom/data";

    private FuzzCorpus(IReadOnlyList<(string Name, byte[] Bytes)> files) => Files = files;

    public IReadOnlyList<(string Name, byte[] Bytes)> Files { get; }

    public static FuzzCorpus Load()
    {
        var folder = Environment.GetEnvironmentVariable("DICOMNODE_FUZZ_CORPUS") is { Length: > 0 } configured
            ? configured
            : DefaultFolder;
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException(
                $"Fuzz corpus folder {folder} not found; install python3-pydicom or set DICOMNODE_FUZZ_CORPUS to a folder of .dcm files.");
        }

        // Sorted by path so that a seed names the same cases on every machine with the same corpus.
        var files = Directory.EnumerateFiles(folder, "*.dcm", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(folder, path), File.ReadAllBytes(path)))
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"Fuzz corpus folder {folder} holds no .dcm files.");
        }

        return new FuzzCorpus(files);
    }
}
