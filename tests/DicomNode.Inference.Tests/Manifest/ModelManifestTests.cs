using System.Text.Json.Nodes;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Tests.Manifest;

public sealed class ModelManifestTests
{
    [Fact]
    public void Load_TestManifest_ReadsEveryFieldAndVerifiesTheFiles()
    {
        ModelManifest manifest = ModelManifest.Load(TestManifest.CommittedPath);

        Assert.Equal(["test-bones", "test-metastases", "test-nodes"], manifest.Models.Select(m => m.Id));
        Assert.All(manifest.Models, m => Assert.Equal(ModelAvailability.Available, manifest.GetAvailability(m.Id)));
        Assert.Empty(manifest.Problems);

        ModelEntry bones = manifest.Require("test-bones");
        Assert.Equal("1.0.0", bones.Version);
        Assert.Equal(Path.Combine(ReferenceModel.Folder, "cascade-bones.onnx"), bones.FilePath);
        Assert.Equal("image", bones.InputName);
        Assert.Equal(new ModelGrid(8, 16, 16, GridSpacingPolicy.FixedSize), bones.Grid);
        Assert.Equal(NormalizationMethod.MinMax, bones.Normalization.Method);
        Assert.Equal(new ModelOutput(ModelOutputKind.Softmax, 9, 0), bones.Output);
        Assert.Equal(8, bones.Labels.Count);
        Assert.Equal(new CodedConcept("22356005", "SCT", "Ilium"), bones.Labels[2].Concept);
        Assert.Equal([SequenceKind.Dwi, SequenceKind.Adc, SequenceKind.T1InPhase], bones.AppliesTo);

        ModelEntry metastases = manifest.Require("test-metastases");
        Assert.Equal(ModelOutputKind.Sigmoid, metastases.Output.Kind);
        Assert.Equal(0.5, metastases.Output.Threshold);
        Assert.Equal("test-bones", metastases.Cascade!.ModelId);
        Assert.Equal([1, 2, 3, 4], metastases.Cascade.Labels.Select(l => (int)l));
        Assert.True(metastases.Cascade.MaskInput);
        Assert.Equal(new CodedConcept("14799000", "SCT", "Neoplasm, Secondary"), metastases.Labels[0].Concept);
    }

    [Fact]
    public void Load_ShippedManifest_DescribesTheDemonstrationModelsAndFindsEveryFileWithItsHash()
    {
        ModelManifest manifest = ModelManifest.Load(Path.Combine(TestManifest.RepositoryModelsFolder(), "models.json"));

        Assert.Equal(["pelvic-bones", "pelvic-bone-metastases", "pelvic-bone-metastases-t1", "pelvic-lymph-nodes"], manifest.Models.Select(m => m.Id));
        Assert.Equal(8, manifest.Find("pelvic-bones")!.Labels.Count);
        Assert.Equal(new ModelGrid(48, 128, 128, GridSpacingPolicy.FixedSpacing, (5, 3, 3)), manifest.Find("pelvic-lymph-nodes")!.Grid);
        Assert.Equal("pelvic-bones", manifest.Find("pelvic-bone-metastases")!.Cascade!.ModelId);
        // One metastasis model per sequence.
        Assert.Equal([SequenceKind.Dwi], manifest.Find("pelvic-bone-metastases")!.AppliesTo);
        Assert.Equal([SequenceKind.T1InPhase], manifest.Find("pelvic-bone-metastases-t1")!.AppliesTo);
        Assert.Equal("pelvic-bones", manifest.Find("pelvic-bone-metastases-t1")!.Cascade!.ModelId);
        // The bundled models are the phantom-trained demonstration ones, and their files match the manifest's SHA-256.
        Assert.All(manifest.Models, m => Assert.Contains("phantom", m.Version, StringComparison.Ordinal));
        Assert.All(manifest.Models, m => Assert.Equal(ModelAvailability.Available, manifest.GetAvailability(m.Id)));
        Assert.Empty(manifest.Problems);
    }

    [Fact]
    public void Load_WhenAModelFileIsMissing_MarksOnlyThatModelUnavailable()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-nodes")["file"] = "not-there.onnx";
        ModelManifest manifest = ModelManifest.Load(TestManifest.Write(folder, json));

        Assert.Equal(ModelAvailability.FileMissing, manifest.GetAvailability("test-nodes"));
        Assert.Equal(ModelAvailability.Available, manifest.GetAvailability("test-bones"));
        Assert.Equal(["test-bones", "test-metastases"], manifest.AvailableModels.Select(m => m.Id));
        var e = Assert.Throws<ModelManifestException>(() => manifest.Require("test-nodes"));
        Assert.Contains("model 'test-nodes' 1.0.0: file 'not-there.onnx' not found at " + folder.File("not-there.onnx"), e.Message);
    }

    [Fact]
    public void Load_WhenTheSha256DoesNotMatch_RefusesTheModelNamingBothHashes()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        string actual = (string)TestManifest.Model(json, "test-bones")["sha256"]!;
        string wrong = new string('a', 64);
        TestManifest.Model(json, "test-bones")["sha256"] = wrong;
        ModelManifest manifest = ModelManifest.Load(TestManifest.Write(folder, json));

        Assert.Equal(ModelAvailability.HashMismatch, manifest.GetAvailability("test-bones"));
        var e = Assert.Throws<ModelManifestException>(() => manifest.Require("test-bones"));
        Assert.Contains($"model 'test-bones' 1.0.0: file {folder.File("cascade-bones.onnx")} has SHA-256 {actual}, the manifest says {wrong}", e.Message);
    }

    [Fact]
    public void Load_WhenTheModelFileChangesAfterExport_RefusesIt()
    {
        using var folder = new TempFolder();
        string path = TestManifest.Write(folder, TestManifest.Read());
        File.AppendAllText(folder.File("cascade-bright.onnx"), "x");

        ModelManifest manifest = ModelManifest.Load(path);

        Assert.Equal(ModelAvailability.HashMismatch, manifest.GetAvailability("test-metastases"));
        Assert.Equal(ModelAvailability.HashMismatch, manifest.GetAvailability("test-nodes"));
        Assert.Equal(ModelAvailability.Available, manifest.GetAvailability("test-bones"));
    }

    [Theory]
    [InlineData("""{ "method": "histogram" }""", "models[0] 'test-bones': normalization.method must be \"minmax\", \"zscore\" or \"percentile\", not \"histogram\"")]
    [InlineData("""{ "method": "percentile", "lower": 99, "upper": 1 }""", "models[0] 'test-bones': normalization.lower and .upper must be percentiles")]
    [InlineData("""{ "method": "percentile", "lower": 1 }""", "models[0] 'test-bones': normalization.upper must be a number")]
    [InlineData("\"minmax\"", "models[0] 'test-bones': normalization must be an object")]
    public void Load_WithBadNormalization_NamesTheEntryAndField(string normalization, string expected)
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["normalization"] = JsonNode.Parse(normalization);

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Contains(e.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WithACascadeOnAnUnknownModel_SaysSo()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-metastases")["cascade"]!["model"] = "test-skull";

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Equal(["model 'test-metastases': cascade.model 'test-skull' is not in the manifest"], e.Problems);
    }

    [Fact]
    public void Load_WithACascadeOnLabelsOrSeriesTheParentLacks_ListsEachProblem()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-metastases")["cascade"]!["labels"] = new JsonArray(1, 9);
        TestManifest.Model(json, "test-bones")["appliesTo"] = new JsonArray("DWI");

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Equal(
        [
            "model 'test-metastases': cascade.labels holds 9, which model 'test-bones' does not write",
            "model 'test-metastases': applies to T1IP but its cascade parent 'test-bones' does not",
        ], e.Problems);
    }

    [Fact]
    public void Load_WithACascadeCycle_SaysSo()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["cascade"] = JsonNode.Parse("""{ "model": "test-metastases", "labels": [1] }""");

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Contains(e.Problems, p => p.Contains("cascade forms a cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WithSeveralBadFields_ReportsThemAllAtOnce()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        JsonObject nodes = TestManifest.Model(json, "test-nodes");
        nodes["sha256"] = "abc";
        nodes["grid"] = JsonNode.Parse("""{ "size": [8, 16], "policy": "fixed-spacing" }""");
        nodes["output"] = JsonNode.Parse("""{ "kind": "sigmoid", "threshold": 1.5 }""");
        nodes["appliesTo"] = new JsonArray("DWI", "T2");
        nodes.Remove("input");

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Equal(
        [
            "models[2] 'test-nodes': sha256 must be 64 hexadecimal digits",
            "models[2] 'test-nodes': input must be a non-empty string",
            "models[2] 'test-nodes': grid.size must be an array of 3 numbers",
            "models[2] 'test-nodes': grid.spacingMm must be an array of 3 numbers",
            "models[2] 'test-nodes': output.threshold must lie between 0 and 1, not 1.5",
            "models[2] 'test-nodes': appliesTo holds \"T2\"; the sequences are \"DWI\", \"ADC\", \"T1IP\"",
        ], e.Problems);
        Assert.StartsWith($"model manifest {folder.File("models.json")}: ", e.Message);
    }

    [Fact]
    public void Load_WithDuplicateIds_RejectsTheSecond()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-nodes")["id"] = "test-bones";

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Equal(["models[2] 'test-bones': id is used by an earlier entry"], e.Problems);
    }

    [Fact]
    public void Load_EmptyManifest_HasNoModels()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("models.json"), """{ "schemaVersion": 1, "models": [] }""");

        ModelManifest manifest = ModelManifest.Load(folder.File("models.json"));

        Assert.Empty(manifest.Models);
        Assert.Empty(manifest.Problems);
    }

    [Fact]
    public void Load_WhenTheManifestIsMissingOrNotJson_SaysSo()
    {
        using var folder = new TempFolder();
        var missing = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(folder.File("models.json")));
        Assert.Equal(["manifest file not found"], missing.Problems);

        File.WriteAllText(folder.File("models.json"), "{ models: ");
        var broken = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(folder.File("models.json")));
        Assert.StartsWith("not valid JSON", broken.Problems[0], StringComparison.Ordinal);
    }
}
