using System.Runtime.InteropServices;

namespace DicomNode.Workflow.Storage;

/// <summary>
/// A file written without a name in its final folder, made durable, then given its name (Linux: open with O_TMPFILE,
/// fsync, linkat). As with a temporary file renamed into place, a reader — or the inbox after a power cut — sees the whole
/// file or no file, never a prefix; an unnamed file left by a crash has no name to find and is freed by the file system.
/// It saves the temporary folder: fsync of a new named file also writes its folder's new entry (ext4 syncs a new file's
/// parent), so a file created in tmp/ paid for an entry in tmp/ that the rename then removed. Measured with
/// tests/DicomNode.Benchmarks/ingest/fsync-patterns.py on this project's machine: 0.59 ms per 133 KB instance against
/// 0.70 for tmp/ and rename, both with the folder's fsync.
/// </summary>
internal static class UnnamedFile
{
    // Linux x64 and arm64 (the generic fcntl numbers): O_TMPFILE is __O_TMPFILE | O_DIRECTORY.
    private const int OTmpFile = 0x410000;
    private const int AtSymlinkFollow = 0x400;
    private const int EExist = 17;
    private const int EIntr = 4;
    private const int EIsDir = 21;
    private const int EOpNotSupp = 95;

    private static volatile bool s_unsupported = !(OperatingSystem.IsLinux() && (RuntimeInformation.OSArchitecture is Architecture.X64 or Architecture.Arm64));

    /// <summary>False where the system has no unnamed files, or once a file system refused one: callers use tmp/ and rename.</summary>
    public static bool IsSupported => !s_unsupported;

    public enum Outcome
    {
        /// <summary>Durable under its name; the folder still needs its fsync for the name to survive a power cut.</summary>
        Linked,

        /// <summary>A file of that name exists: the first copy wins, nothing was added.</summary>
        Exists,

        /// <summary>The folder's file system has no unnamed files (<see cref="IsSupported"/> is false from now on).</summary>
        Unsupported,
    }

    /// <summary>
    /// Writes <paramref name="bytes"/> into an unnamed file in <paramref name="path"/>'s folder (which must exist), fsyncs
    /// it and links it as <paramref name="path"/>. Throws <see cref="IOException"/> when a write or the fsync fails (a full
    /// disk: nothing is left behind).
    /// </summary>
    public static Outcome WriteAndLink(string path, ReadOnlySpan<byte> bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var descriptor = LibC.Open(directory, LibC.ORdWr | OTmpFile | LibC.OCloExec, Convert.ToInt32("644", 8));
        if (descriptor < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            if (error is EOpNotSupp or EIsDir)
            {
                s_unsupported = true;
                return Outcome.Unsupported;
            }

            throw Failure($"cannot create an unnamed file in '{directory}'", error);
        }

        try
        {
            Write(descriptor, bytes, directory);
            if (LibC.Fsync(descriptor) != 0)
            {
                throw Failure($"fsync of a new file in '{directory}' failed", Marshal.GetLastPInvokeError());
            }

            if (LibC.LinkAt(LibC.AtFdCwd, $"/proc/self/fd/{descriptor}", LibC.AtFdCwd, path, AtSymlinkFollow) == 0)
            {
                return Outcome.Linked;
            }

            var error = Marshal.GetLastPInvokeError();
            return error == EExist ? Outcome.Exists : throw Failure($"cannot name the new file '{path}'", error);
        }
        finally
        {
            _ = LibC.Close(descriptor);
        }
    }

    private static void Write(int descriptor, ReadOnlySpan<byte> bytes, string directory)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var rest = bytes[offset..];
            var written = LibC.PWrite(descriptor, ref MemoryMarshal.GetReference(rest), rest.Length, offset);
            if (written < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error == EIntr)
                {
                    continue;
                }

                throw Failure($"writing a new file in '{directory}' failed", error);
            }

            offset += (int)written;
        }
    }

    private static IOException Failure(string what, int error) => new($"{what}: {LibC.Describe(error)}");
}
