using System.Text.Json.Nodes;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Inference.Tests.Manifest;

namespace DicomNode.Inference.Tests.Cascade;

/// <summary>The manifest's "slidingWindow": read and checked, and used by the cascade when the grid is larger than a patch.</summary>
public sealed class SlidingWindowCascadeTests
{
    [Fact]
    public void Manifest_ReadsTheSlidingWindowWithItsDefaults()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["slidingWindow"] = JsonNode.Parse("""{ "patchSize": [4, 8, 8] }""");
        TestManifest.Model(json, "test-nodes")["slidingWindow"] = JsonNode.Parse(
            """{ "patchSize": [8, 16, 16], "overlap": 0, "blending": "constant", "batchSize": 4, "mirror": true }""");

        ModelManifest manifest = ModelManifest.Load(TestManifest.Write(folder, json));

        Assert.Equal(new SlidingWindow(4, 8, 8, 0.5, WindowBlending.Gaussian, 1, false), manifest.Find("test-bones")!.SlidingWindow);
        Assert.Equal(new SlidingWindow(8, 16, 16, 0, WindowBlending.Constant, 4, true), manifest.Find("test-nodes")!.SlidingWindow);
        Assert.Null(manifest.Find("test-metastases")!.SlidingWindow);
        Assert.True(manifest.Find("test-bones")!.SlidingWindow!.Covers(manifest.Find("test-bones")!.Grid));
        Assert.False(manifest.Find("test-nodes")!.SlidingWindow!.Covers(manifest.Find("test-nodes")!.Grid));
    }

    [Theory]
    [InlineData("""{ "patchSize": [4, 32, 8] }""", "slidingWindow.patchSize [4, 32, 8] is larger than the grid [8, 16, 16]")]
    [InlineData("""{ "patchSize": [4, 8] }""", "slidingWindow.patchSize must be an array of 3 numbers")]
    [InlineData("""{ "patchSize": [4, 8, 8], "overlap": 0.95 }""", "slidingWindow.overlap must be a fraction of the patch from 0 to 0.9")]
    [InlineData("""{ "patchSize": [4, 8, 8], "blending": "cosine" }""", "slidingWindow.blending must be \"constant\" or \"gaussian\", not \"cosine\"")]
    [InlineData("""{ "patchSize": [4, 8, 8], "batchSize": 0 }""", "slidingWindow.batchSize must be a whole number from 1 to 64")]
    [InlineData("""{ "patchSize": [4, 8, 8], "mirror": "yes" }""", "slidingWindow.mirror must be true or false")]
    [InlineData("[4, 8, 8]", "slidingWindow must be an object")]
    public void Manifest_WithABadSlidingWindow_NamesTheEntryAndField(string window, string expected)
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["slidingWindow"] = JsonNode.Parse(window);

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(TestManifest.Write(folder, json)));

        Assert.Contains(e.Problems, p => p.StartsWith($"models[0] 'test-bones': {expected}", StringComparison.Ordinal));
    }

    [Fact]
    public void Cascade_WithPatchesOfAOneVoxelModel_GivesTheWholeGridLabels_AndRecordsTheWindow()
    {
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);
        var volumes = new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = SyntheticStudy.Image(geometry, 4, 2) };
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["slidingWindow"] = JsonNode.Parse("""{ "patchSize": [4, 8, 8], "overlap": 0.5, "blending": "gaussian" }""");
        using var cache = new InferenceSessionCache();

        CascadeResult whole = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache).Run(volumes);
        CascadeResult patched = new CascadeRunner(ModelManifest.Load(TestManifest.Write(folder, json)), cache).Run(volumes);

        Assert.Equal(SyntheticStudy.ExpectedBones(geometry, 4, 2), patched.Find("test-bones", SequenceKind.Dwi)!.Labels);
        Assert.Equal(whole.Outputs.Select(o => o.Labels.Labels), patched.Outputs.Select(o => o.Labels.Labels));
        CascadeOutput bones = patched.Outputs.First(o => o.Model.Id == "test-bones");
        Assert.Equal("ONNX Runtime 1.32.0 on CPU, sliding window (patch 4×8×8, overlap 0.5, gaussian blending, batch 1)", bones.Runtime);
        Assert.Equal("ONNX Runtime 1.32.0 on CPU", whole.Outputs.First(o => o.Model.Id == "test-bones").Runtime);
    }
}
