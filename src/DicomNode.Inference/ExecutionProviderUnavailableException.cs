namespace DicomNode.Inference;

/// <summary>
/// The execution provider asked for by name cannot be used: the runtime lacks it, a library it needs does not load
/// (the message names it and how to install it), or no session starts on it.
/// </summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException(ExecutionProvider provider, string message, Exception? inner = null)
        : base(message, inner)
    {
        Provider = provider;
    }

    public ExecutionProvider Provider { get; }
}
