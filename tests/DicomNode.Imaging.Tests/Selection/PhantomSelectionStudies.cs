using System.Text.Json;
using DicomNode.Phantom;

namespace DicomNode.Imaging.Tests.Selection;

/// <summary>One phantom subject per vendor profile in a temporary folder, shared by a test class and deleted with it.</summary>
public sealed class PhantomSelectionStudies : IDisposable
{
    public PhantomSelectionStudies()
    {
        Root = Path.Combine(Path.GetTempPath(), "selection-tests-" + Guid.NewGuid().ToString("N"));
        var studies = new Dictionary<string, PhantomStudyTruth>(StringComparer.Ordinal);
        var seed = 11;
        foreach (var profile in PhantomGenerator.Profiles)
        {
            var folder = PhantomGenerator.Generate(seed++, profile, Path.Combine(Root, profile));
            studies[profile] = PhantomStudyTruth.Read(folder);
        }

        Studies = studies;
    }

    public string Root { get; }

    public IReadOnlyDictionary<string, PhantomStudyTruth> Studies { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
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
