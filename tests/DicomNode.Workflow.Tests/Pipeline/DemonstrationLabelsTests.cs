using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DicomNode.Dicom;
using DicomNode.Inference;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;
using Xunit.Abstractions;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// The shipped demonstration models (trained on synthetic phantoms, not for clinical use) give the labels recorded in
/// demonstration-labels.json on three held-out phantom studies, one per vendor profile: per model and series, the
/// SHA-256 of the label volume and the voxel count of each label. The file was written with the runtime before the
/// switch to the official ONNX Runtime packages (issue 21, acceptance b), by running this test with
/// DICOMNODE_RECORD_LABELS set to the file's path; a change of runtime, provider or pre-processing that moves one
/// voxel fails it.
/// </summary>
public sealed class DemonstrationLabelsTests : IDisposable
{
    public const string RecordVariable = "DICOMNODE_RECORD_LABELS";
    private static readonly int[] Seeds = [10003, 10004, 10005];

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-demo-labels-").FullName;
    private readonly ITestOutputHelper _output;

    public DemonstrationLabelsTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task DemonstrationModels_OnHeldOutPhantoms_GiveTheRecordedLabels()
    {
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (int seed in Seeds)
        {
            string study = PhantomGenerator.Generate(seed, PhantomGenerator.ProfileForSeed(seed), Path.Combine(_folder, "phantoms"));
            StudyPipelineResult result = await RunAsync(study);
            Assert.Null(result.FailureReason);
            foreach (CascadeOutput output in result.Cascade!.Outputs)
            {
                string key = $"{seed} {output.Model.Id} {output.Sequence.ToManifestName()}";
                actual[key] = Describe(output.Labels.Labels);
                _output.WriteLine($"{key}: {actual[key]}");
            }
        }

        string expectedPath = Path.Combine(MetastasisModelsTests.RepositoryRoot(), "tests", "DicomNode.Workflow.Tests", "Pipeline", "demonstration-labels.json");
        if (Environment.GetEnvironmentVariable(RecordVariable) is { Length: > 0 } record)
        {
            File.WriteAllText(record, JsonSerializer.Serialize(actual, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            _output.WriteLine($"recorded {actual.Count} label volumes in {record}");
            return;
        }

        var expected = JsonSerializer.Deserialize<SortedDictionary<string, string>>(File.ReadAllText(expectedPath))!;
        Assert.Equal(expected.Keys, actual.Keys);
        foreach ((string key, string labels) in expected)
        {
            Assert.True(labels == actual[key], $"{key}: expected {labels}, got {actual[key]}");
        }
    }

    /// <summary>"sha256 …; 1:count 2:count …" of a label volume.</summary>
    internal static string Describe(byte[] labels)
    {
        var counts = new int[256];
        foreach (byte label in labels)
        {
            counts[label]++;
        }

        var text = new StringBuilder(Convert.ToHexStringLower(SHA256.HashData(labels)));
        for (int value = 1; value < counts.Length; value++)
        {
            if (counts[value] > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {value}:{counts[value]}");
            }
        }

        return text.ToString();
    }

    private async Task<StudyPipelineResult> RunAsync(string study)
    {
        ModelManifest manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyPipeline(manifest, sessions, writer, new StudyPipelineOptions { WriteFindingsFiles = false });
        string[] files = Directory.GetFiles(Path.Combine(study, "dicom"), "*.dcm", SearchOption.AllDirectories);
        return await pipeline.RunAsync(files, Path.Combine(_folder, "out", Guid.NewGuid().ToString("N")));
    }
}
