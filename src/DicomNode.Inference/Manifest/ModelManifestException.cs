namespace DicomNode.Inference.Manifest;

/// <summary>
/// The manifest cannot be used, or a model of it is unavailable. <see cref="Problems"/> lists every
/// problem found, each naming the manifest, the model entry and the field.
/// </summary>
public sealed class ModelManifestException : Exception
{
    public ModelManifestException(string manifestPath, IReadOnlyList<string> problems, Exception? inner = null)
        : base($"model manifest {manifestPath}: {string.Join("; ", problems)}", inner)
    {
        ManifestPath = manifestPath;
        Problems = problems;
    }

    public string ManifestPath { get; }

    public IReadOnlyList<string> Problems { get; }
}
