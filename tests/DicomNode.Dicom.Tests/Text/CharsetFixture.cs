using System.Text.Json;

namespace DicomNode.Dicom.Tests.Text;

/// <summary>
/// The values of pydicom's character set test files, as written by make-charset-fixture.py: raw bytes and
/// pydicom's decoded string for every text element whose VR uses Specific Character Set.
/// </summary>
internal sealed class CharsetFixture
{
    private static readonly Lazy<IReadOnlyList<FileEntry>> Loaded = new(Load);

    public static IReadOnlyList<FileEntry> Files => Loaded.Value;

    public static FileEntry File(string name) => Files.Single(f => f.Name == name);

    private static IReadOnlyList<FileEntry> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Text", "charset-fixture.json");
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
        return document.RootElement.GetProperty("files").EnumerateArray()
            .Select(file => new FileEntry(
                file.GetProperty("file").GetString()!,
                Strings(file.GetProperty("terms")),
                file.GetProperty("values").EnumerateArray()
                    .Select(v => new ValueEntry(
                        v.GetProperty("path").GetString()!,
                        Enum.Parse<DicomVR>(v.GetProperty("vr").GetString()!),
                        Strings(v.GetProperty("terms")),
                        Convert.FromBase64String(v.GetProperty("bytes").GetString()!),
                        v.GetProperty("expected").GetString()!))
                    .ToArray()))
            .ToArray();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    internal sealed record FileEntry(string Name, IReadOnlyList<string> Terms, IReadOnlyList<ValueEntry> Values);

    internal sealed record ValueEntry(string Path, DicomVR VR, IReadOnlyList<string> Terms, byte[] Bytes, string Expected);
}
