using System.Text.Json.Nodes;

namespace DicomNode.Inference.Tests.Manifest;

/// <summary>
/// Models/cascade-models.json (from make-cascade-models.py) copied with its models into a test's
/// folder, optionally edited first, so each test can break it in its own way.
/// </summary>
internal static class TestManifest
{
    public static string CommittedPath => Path.Combine(ReferenceModel.Folder, "cascade-models.json");

    public static JsonObject Read() => JsonNode.Parse(File.ReadAllText(CommittedPath))!.AsObject();

    public static JsonObject Model(JsonObject manifest, string id) =>
        manifest["models"]!.AsArray().Select(m => m!.AsObject()).Single(m => (string?)m["id"] == id);

    /// <summary>Writes <paramref name="manifest"/> and the test models into <paramref name="folder"/>; returns the manifest's path.</summary>
    public static string Write(TempFolder folder, JsonObject manifest)
    {
        foreach (string model in new[] { "cascade-bones.onnx", "cascade-bright.onnx", "reference-unet.onnx" })
        {
            File.Copy(Path.Combine(ReferenceModel.Folder, model), folder.File(model), overwrite: true);
        }

        string path = folder.File("models.json");
        File.WriteAllText(path, manifest.ToJsonString());
        return path;
    }

    /// <summary>The repository's models/ folder, found by walking up from the test binaries to DicomNode.sln.</summary>
    public static string RepositoryModelsFolder()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomNode.sln")))
            {
                return Path.Combine(dir.FullName, "models");
            }
        }

        throw new DirectoryNotFoundException("DicomNode.sln not found above " + AppContext.BaseDirectory);
    }
}
