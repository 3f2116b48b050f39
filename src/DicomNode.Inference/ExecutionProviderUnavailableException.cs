namespace DicomNode.Inference;

/// <summary>The configured execution provider cannot be used with the loaded ONNX Runtime.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string message, Exception? inner = null)
        : base(message, inner)
    {
        Provider = provider;
    }

    public ExecutionProvider Provider { get; }
}
