namespace DicomNode.Inference;

/// <summary>A model file is missing, unreadable, or not a model ONNX Runtime can load.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string modelPath, string message, Exception? inner = null)
        : base(message, inner)
    {
        ModelPath = modelPath;
    }

    /// <summary>Full path of the model file.</summary>
    public string ModelPath { get; }
}
