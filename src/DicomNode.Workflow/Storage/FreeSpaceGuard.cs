namespace DicomNode.Workflow.Storage;

/// <summary>
/// Says whether the file system holding a folder has more free bytes than a threshold. The threshold is
/// read on every check, so a reloaded configuration applies at once. The default probe asks the OS
/// (statvfs on Linux through <see cref="DriveInfo"/>, which accepts any path on Unix).
/// </summary>
public sealed class FreeSpaceGuard
{
    private readonly Func<long> _minimumFreeBytes;
    private readonly Func<string, long> _probe;

    public FreeSpaceGuard(Func<long> minimumFreeBytes, Func<string, long>? probe = null)
    {
        _minimumFreeBytes = minimumFreeBytes;
        _probe = probe ?? AvailableBytes;
    }

    public long MinimumFreeBytes => _minimumFreeBytes();

    /// <summary>True when more than the threshold is free at <paramref name="path"/>; <paramref name="availableBytes"/> is what the probe saw.</summary>
    public bool HasRoom(string path, out long availableBytes)
    {
        availableBytes = _probe(path);
        return availableBytes > _minimumFreeBytes();
    }

    /// <summary>Bytes available to an unprivileged writer on the file system holding <paramref name="path"/>.</summary>
    public static long AvailableBytes(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new DriveInfo(Path.GetPathRoot(Path.GetFullPath(path))!).AvailableFreeSpace;
        }

        return new DriveInfo(Path.GetFullPath(path)).AvailableFreeSpace;
    }
}
