namespace DicomNode.Service.Configuration;

/// <summary>The configuration is not usable; <see cref="Problems"/> names each key (or file and line) and its fix.</summary>
public sealed class NodeConfigurationException : Exception
{
    public NodeConfigurationException(IReadOnlyList<string> problems)
        : base("The configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>Every problem on one line, for a command's single error line.</summary>
    public string OneLine => "the configuration is not valid: " + string.Join("; ", Problems.Select(p => p.TrimEnd('.', ' '))) + ".";
}
