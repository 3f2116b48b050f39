using System.Security.Cryptography;

namespace DicomNode.Inference.Manifest;

/// <summary>
/// The models the node can run (models/models.json). Loading checks the whole document and throws
/// <see cref="ModelManifestException"/> listing every problem; it then checks each model file — a
/// missing file or a SHA-256 mismatch makes that model unavailable (and the cascade runner skips
/// the models cascaded from it) without stopping the others, so the node runs with a partial or
/// empty manifest.
/// </summary>
public sealed class ModelManifest
{
    private readonly Dictionary<string, ModelEntry> _byId;
    private readonly Dictionary<string, (ModelAvailability Availability, string? Problem)> _availability;

    internal ModelManifest(string path, IReadOnlyList<ModelEntry> models,
        Dictionary<string, (ModelAvailability Availability, string? Problem)> availability)
    {
        Path = path;
        Models = models;
        _byId = models.ToDictionary(m => m.Id, StringComparer.Ordinal);
        _availability = availability;
    }

    /// <summary>An empty manifest: the node runs, analyses nothing.</summary>
    public static ModelManifest Empty { get; } = new("(empty)", [], []);

    /// <summary>Full path of the manifest file.</summary>
    public string Path { get; }

    /// <summary>The entries in manifest order, available or not.</summary>
    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>Entries whose file is present with the manifest's SHA-256.</summary>
    public IEnumerable<ModelEntry> AvailableModels => Models.Where(m => GetAvailability(m.Id) == ModelAvailability.Available);

    /// <summary>One line per unavailable model, naming the entry, the file and why.</summary>
    public IEnumerable<string> Problems => Models.Select(m => _availability[m.Id].Problem).OfType<string>();

    /// <summary>
    /// Reads, validates and checks the files of the manifest at <paramref name="manifestPath"/>.
    /// Set <paramref name="verifyFiles"/> to false to skip the file checks (every model then counts as available).
    /// </summary>
    public static ModelManifest Load(string manifestPath, bool verifyFiles = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifestPath);
        string fullPath = System.IO.Path.GetFullPath(manifestPath);
        if (!System.IO.File.Exists(fullPath))
        {
            throw new ModelManifestException(fullPath, ["manifest file not found"]);
        }

        IReadOnlyList<ModelEntry> models = ModelManifestReader.Read(fullPath, System.IO.File.ReadAllText(fullPath));
        var availability = new Dictionary<string, (ModelAvailability, string?)>(StringComparer.Ordinal);
        foreach (ModelEntry model in models)
        {
            availability[model.Id] = verifyFiles ? CheckFile(model) : (ModelAvailability.Available, null);
        }

        return new ModelManifest(fullPath, models, availability);
    }

    public ModelEntry? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Whether <paramref name="id"/>'s file is present and verified. Throws for an id not in the manifest.</summary>
    public ModelAvailability GetAvailability(string id) =>
        _availability.TryGetValue(id, out var state) ? state.Availability : throw new KeyNotFoundException($"model manifest {Path} has no model '{id}'");

    /// <summary>Why <paramref name="id"/> cannot be run, or null when it can.</summary>
    public string? GetProblem(string id) => _availability.TryGetValue(id, out var state) ? state.Problem : $"no model '{id}'";

    /// <summary>The entry for <paramref name="id"/> when its file can be run; otherwise a <see cref="ModelManifestException"/> saying why.</summary>
    public ModelEntry Require(string id)
    {
        ModelEntry entry = Find(id) ?? throw new ModelManifestException(Path, [$"no model '{id}'"]);
        (ModelAvailability availability, string? problem) = _availability[id];
        return availability == ModelAvailability.Available ? entry : throw new ModelManifestException(Path, [problem!]);
    }

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    public static string ComputeSha256(string path)
    {
        using FileStream stream = System.IO.File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static (ModelAvailability, string?) CheckFile(ModelEntry model)
    {
        if (!System.IO.File.Exists(model.FilePath))
        {
            return (ModelAvailability.FileMissing, $"model '{model.Id}' {model.Version}: file '{model.File}' not found at {model.FilePath}");
        }

        string actual = ComputeSha256(model.FilePath);
        return string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase)
            ? (ModelAvailability.Available, null)
            : (ModelAvailability.HashMismatch,
                $"model '{model.Id}' {model.Version}: file {model.FilePath} has SHA-256 {actual}, the manifest says {model.Sha256}; not run");
    }
}
