using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DicomNode.Analysis.Findings;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// Which metastasis model serves which sequence: one model for DWI and T1 in-phase, or one per sequence, taken from
/// the manifest. Built on the repository's manifest with stand-in model files (nothing is run).
/// </summary>
public sealed class MetastasisModelsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void OneModelPerSequence_EachSequenceRecordsItsOwnModel()
    {
        var manifest = Manifest(("pelvic-bone-metastases", ["DWI"]), ("pelvic-bone-metastases-t1", ["T1IP"]));

        AnalysisAlgorithms algorithms = StudyResultWriter.Algorithms(manifest, new StudyPipelineOptions());

        Assert.Equal("pelvic-bone-metastases", algorithms.MetastasesOn(Sequence.Dwi).Name);
        Assert.Equal("pelvic-bone-metastases-t1", algorithms.MetastasesOn(Sequence.T1InPhase).Name);
        Assert.Equal(["pelvic-bones", "pelvic-bone-metastases", "pelvic-bone-metastases-t1", "pelvic-lymph-nodes"], algorithms.All.Select(a => a.Name));
    }

    [Fact]
    public void AManifestWithOneModelForBothSequences_NeedsNoOther()
    {
        var manifest = Manifest(("pelvic-bone-metastases", ["DWI", "T1IP"]));

        AnalysisAlgorithms algorithms = StudyResultWriter.Algorithms(manifest, new StudyPipelineOptions());

        Assert.Equal("pelvic-bone-metastases", algorithms.MetastasesOn(Sequence.T1InPhase).Name);
        Assert.Equal(["pelvic-bones", "pelvic-bone-metastases", "pelvic-lymph-nodes"], algorithms.All.Select(a => a.Name));
    }

    [Fact]
    public void TwoModelsOnOneSequence_StopTheNodeAtStartup_NamingBoth()
    {
        var manifest = Manifest(("pelvic-bone-metastases", ["DWI", "T1IP"]), ("pelvic-bone-metastases-t1", ["T1IP"]));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new Dicom.DicomUidGenerator(), notice: null);

        var error = Assert.Throws<ArgumentException>(() => new StudyPipeline(manifest, sessions, writer));

        Assert.Contains("pelvic-bone-metastases and pelvic-bone-metastases-t1 both run on T1InPhase", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The repository's manifest with the metastasis entries replaced by <paramref name="metastases"/>, each file a stand-in.</summary>
    private ModelManifest Manifest(params (string Id, string[] AppliesTo)[] metastases)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "models", "models.json")))!.AsObject();
        var models = json["models"]!.AsArray();
        var template = models.Select(m => m!.AsObject()).First(m => (string?)m["cascade"]?["model"] == "pelvic-bones");
        var kept = models.Select(m => m!.AsObject()).Where(m => m["cascade"] is null).Select(m => m.DeepClone().AsObject()).ToList();
        foreach (var (id, appliesTo) in metastases)
        {
            var entry = template.DeepClone().AsObject();
            entry["id"] = id;
            entry["appliesTo"] = new JsonArray(appliesTo.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
            kept.Insert(1, entry);
        }

        foreach (var entry in kept)
        {
            string file = (string)entry["id"]! + ".onnx";
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes("stand-in for " + file);
            File.WriteAllBytes(Path.Combine(_folder, file), bytes);
            entry["file"] = file;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        json["models"] = new JsonArray(kept.Cast<JsonNode>().ToArray());
        string path = Path.Combine(_folder, "models.json");
        File.WriteAllText(path, json.ToJsonString());
        return ModelManifest.Load(path);
    }

    /// <summary>The folder holding DicomNode.sln, above the test binaries.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomNode.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("DicomNode.sln not found above " + AppContext.BaseDirectory);
    }
}
