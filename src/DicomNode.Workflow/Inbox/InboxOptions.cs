namespace DicomNode.Workflow.Inbox;

/// <summary>Configuration of the durable inbox (bound by the host, section e.g. "Inbox").</summary>
public sealed record InboxOptions
{
    /// <summary>
    /// Below this many free bytes on the data directory's file system the node answers C-STORE with
    /// A700 (Refused: out of resources) instead of storing. Checked when a C-STORE begins and again
    /// before the received file is renamed into the inbox. Default 1 GiB.
    /// </summary>
    public long MinimumFreeBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Largest instance accepted, in bytes: the data set as received and, for Deflated Explicit VR Little Endian,
    /// as inflated (checked while inflating, so a deflate bomb never grows past it). A larger instance is answered
    /// A700 (Refused: out of resources), logged, and its file deleted at once. Default 2 GiB.
    /// </summary>
    public long MaxInstanceBytes { get; init; } = 1L << 31;

    /// <summary>Problems with the values, each naming the key and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Inbox")
    {
        var errors = new List<string>();
        if (MinimumFreeBytes < 0)
        {
            errors.Add($"{section}:MinimumFreeBytes is {MinimumFreeBytes}; set it to 0 or more bytes (e.g. 1073741824 for 1 GiB).");
        }

        if (MaxInstanceBytes < 1L << 20)
        {
            errors.Add($"{section}:MaxInstanceBytes is {MaxInstanceBytes}; set it to at least 1048576 bytes (1 MiB), e.g. 2147483648 for 2 GiB.");
        }

        return errors;
    }
}
