namespace DicomNode.Workflow.Storage;

/// <summary>
/// Where everything the node keeps lives, under one data directory:
/// <code>
/// &lt;root&gt;/inbox/&lt;StudyInstanceUID&gt;/&lt;SeriesInstanceUID&gt;/&lt;SOPInstanceUID&gt;.dcm   received instances
/// &lt;root&gt;/jobs/&lt;jobId&gt;/                                                       a job's working and output folder
/// &lt;root&gt;/outbox/&lt;destination&gt;/&lt;jobId&gt;/&lt;SOPInstanceUID&gt;.dcm               objects waiting to be sent
/// &lt;root&gt;/tmp/                                                                incoming C-STORE data, never trusted after a restart
/// &lt;root&gt;/node.db                                                             the SQLite index (WAL: node.db-wal, node.db-shm beside it)
/// </code>
/// Every path segment below the root is a validated UID, a job number or a validated destination name,
/// never a raw string from the network. All folders are on one file system, so a rename from tmp/ is atomic.
/// </summary>
public sealed class NodeDataLayout
{
    public const string DatabaseFileName = "node.db";

    public NodeDataLayout(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
        Inbox = Path.Combine(Root, "inbox");
        Outbox = Path.Combine(Root, "outbox");
        Jobs = Path.Combine(Root, "jobs");
        Temporary = Path.Combine(Root, "tmp");
        DatabasePath = Path.Combine(Root, DatabaseFileName);
    }

    public string Root { get; }

    public string Inbox { get; }

    public string Outbox { get; }

    public string Jobs { get; }

    public string Temporary { get; }

    public string DatabasePath { get; }

    /// <summary>Creates the folders that are missing (and makes their names durable).</summary>
    public void EnsureCreated()
    {
        foreach (var folder in new[] { Inbox, Outbox, Jobs, Temporary })
        {
            DurableFile.CreateDirectory(folder);
        }
    }

    /// <summary>The file of a received instance; every argument must already be a valid UID.</summary>
    public string InstancePath(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid)
    {
        RequireUid(studyInstanceUid, nameof(studyInstanceUid));
        RequireUid(seriesInstanceUid, nameof(seriesInstanceUid));
        RequireUid(sopInstanceUid, nameof(sopInstanceUid));
        return Path.Combine(Inbox, studyInstanceUid, seriesInstanceUid, sopInstanceUid + ".dcm");
    }

    public string JobFolder(long jobId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(jobId);
        return Path.Combine(Jobs, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Where an object to send to <paramref name="destination"/> waits; the name must satisfy <see cref="IsValidDestinationName"/>.</summary>
    public string OutboxPath(string destination, long jobId, string sopInstanceUid)
    {
        if (!IsValidDestinationName(destination))
        {
            throw new ArgumentException($"'{destination}' is not a valid destination name (letters, digits, '-', '_', '.'; at most 64; not '.' or '..').", nameof(destination));
        }

        RequireUid(sopInstanceUid, nameof(sopInstanceUid));
        return Path.Combine(Outbox, destination, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), sopInstanceUid + ".dcm");
    }

    /// <summary>A destination name is used as a folder name: ASCII letters, digits, '-', '_' and '.', 1–64 characters, not "." or "..".</summary>
    public static bool IsValidDestinationName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= 64
        && name is not "." and not ".."
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static void RequireUid(string uid, string parameter)
    {
        if (!DicomNode.Dicom.DicomUidValidator.IsValid(uid))
        {
            throw new ArgumentException($"'{uid}' is not a valid UID; only validated UIDs name files.", parameter);
        }
    }
}
