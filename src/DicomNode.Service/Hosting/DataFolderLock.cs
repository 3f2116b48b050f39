namespace DicomNode.Service.Hosting;

/// <summary>
/// The running node's hold on its data folder: a lock file kept open without sharing for as long as the
/// node runs. The operating system drops it when the process ends, a killed one included, so a stale
/// lock never needs removing by hand. Nodes sharing a PostgreSQL database share their data folder too: each then holds
/// a lock file of its own name (<c>dicomnode.NODE-ID.lock</c>), so two nodes with one Id on one folder are still refused.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string FileName = "dicomnode.lock";

    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    /// <summary>
    /// Takes the folder (or, given <paramref name="sharedBy"/>, this node's share of it) or throws
    /// <see cref="DataFolderInUseException"/> naming it.
    /// </summary>
    public static DataFolderLock Acquire(string dataDirectory, string? sharedBy = null)
    {
        var path = Path.Combine(dataDirectory, sharedBy is null ? FileName : $"dicomnode.{sharedBy}.lock");
        try
        {
            // FileShare.None: on Unix .NET takes an exclusive advisory lock (flock), on Windows a sharing lock.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            stream.Write(pid);
            stream.Flush();
            return new DataFolderLock(stream);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataFolderInUseException(dataDirectory, path, ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
