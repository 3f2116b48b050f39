using System.Runtime.InteropServices;

namespace DicomNode.Workflow.Storage;

/// <summary>
/// fsync of a directory, which makes a rename or a new entry in it durable. .NET has no API for it:
/// on Linux and macOS we open the directory read-only and fsync the descriptor through libc.
/// </summary>
internal static class DirectorySync
{
    // O_DIRECTORY differs by platform: 0x10000 on Linux x64/arm64, 0x100000 on macOS.
    private static int ODirectory => OperatingSystem.IsMacOS() ? 0x100000 : 0x10000;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            // NTFS journals directory entries with the metadata of the rename itself; there is no
            // directory handle to flush without FILE_FLAG_BACKUP_SEMANTICS privileges, so we rely on that.
            return;
        }

        var descriptor = LibC.Open(directory, LibC.ORdOnly | ODirectory);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it: {LibC.Describe(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            if (LibC.Fsync(descriptor) != 0)
            {
                throw new IOException($"fsync of directory '{directory}' failed: {LibC.Describe(Marshal.GetLastPInvokeError())}");
            }
        }
        finally
        {
            _ = LibC.Close(descriptor);
        }
    }
}
