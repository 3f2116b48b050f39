using System.Text.Json;

namespace DicomNode.Imaging.Tests.Selection;

/// <summary>The shared phantom studies with the series each one says it wrote.</summary>
public sealed class PhantomSelectionStudies
{
    public PhantomSelectionStudies(PhantomStudies studies)
    {
        Root = studies.Root;
        Studies = studies.Folders.ToDictionary(kv => kv.Key, kv => PhantomStudyTruth.Read(kv.Value), StringComparer.Ordinal);
    }

    public string Root { get; }

    public IReadOnlyDictionary<string, PhantomStudyTruth> Studies { get; }
}

/// <summary>The series a phantom says it wrote (truth.json "series"): folder, number, description, content and b-values.</summary>
public sealed record PhantomSeriesTruth(int Number, string Description, string Folder, string Content, double[] BValues, int Instances);

public sealed record PhantomStudyTruth(string Folder, IReadOnlyList<PhantomSeriesTruth> Series)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string DicomFolder => Path.Combine(Folder, "dicom");

    public static PhantomStudyTruth Read(string folder)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "truth.json")));
        var series = document.RootElement.GetProperty("series").Deserialize<List<PhantomSeriesTruth>>(Json)!;
        return new PhantomStudyTruth(folder, series);
    }
}
