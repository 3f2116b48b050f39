namespace DicomNode.Workflow.Database;

/// <summary>
/// node.db cannot be trusted: SQLite's quick_check found damage, or SQLite itself says the file is corrupt or not a
/// database. The node must not answer any C-STORE from such an index; <c>dicomnode repair</c> rebuilds it.
/// </summary>
public sealed class NodeDatabaseDamagedException : Exception
{
    public NodeDatabaseDamagedException(string path, string problem, Exception? inner = null)
        : base($"the node database {path} is damaged: {problem}", inner)
    {
        DatabasePath = path;
        Problem = problem;
    }

    public string DatabasePath { get; }

    public string Problem { get; }
}
