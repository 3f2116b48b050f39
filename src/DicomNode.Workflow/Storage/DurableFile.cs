namespace DicomNode.Workflow.Storage;

/// <summary>
/// Crash-safe file placement: bytes go to a temporary file, are fsynced, the file is renamed to its
/// final name, and the directory is fsynced so the new name survives a power cut. A reader therefore
/// sees either no file or the whole file, never a prefix.
/// </summary>
public static class DurableFile
{
    /// <summary>Suffix of temporary files written beside their final name; recovery deletes them.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes a file durably through <paramref name="write"/>; replaces an existing file of that name.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(directory);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>Copies <paramref name="source"/> to <paramref name="path"/> durably.</summary>
    public static Task CopyAsync(string source, string path, CancellationToken cancellationToken = default) =>
        WriteAsync(path, async (stream, ct) =>
        {
            var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (input.ConfigureAwait(false))
            {
                await input.CopyToAsync(stream, ct).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>
    /// Gives <paramref name="source"/> the further name <paramref name="path"/> durably: on Linux a hard link (the file
    /// flushed first, then the folder of its new name) where the two names lie on one file system and
    /// <paramref name="path"/> is free; otherwise, and elsewhere, a durable copy (<see cref="CopyAsync"/>). The names then
    /// share one file, so neither may be written in place afterwards: this class only ever replaces a file by renaming
    /// another over its name, which leaves the other name's file as it was.
    /// </summary>
    public static Task LinkOrCopyAsync(string source, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(path);
        cancellationToken.ThrowIfCancellationRequested();
        return OperatingSystem.IsLinux() && TryLink(source, path) ? Task.CompletedTask : CopyAsync(source, path, cancellationToken);
    }

    private static bool TryLink(string source, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateDirectory(directory);
        int descriptor = LibC.Open(source, LibC.ORdOnly | LibC.OCloExec);
        if (descriptor < 0)
        {
            return false;
        }

        try
        {
            // The file's data is on disk before a second name can lead to it (a no-op for a file written durably).
            if (LibC.Fsync(descriptor) != 0)
            {
                return false;
            }
        }
        finally
        {
            LibC.Close(descriptor);
        }

        // EEXIST (a name to replace), EXDEV (another file system), EPERM (no hard links there): the copy does it instead.
        if (LibC.LinkAt(LibC.AtFdCwd, source, LibC.AtFdCwd, path, 0) != 0)
        {
            return false;
        }

        DirectorySync.Flush(directory);
        return true;
    }

    /// <summary>
    /// Renames an already fsynced file to <paramref name="path"/> unless that name exists, then flushes
    /// the directory. Returns false (and leaves <paramref name="temporary"/> in place) when it exists:
    /// the first copy wins.
    /// </summary>
    public static bool MoveIntoPlace(string temporary, string path) => MoveIntoPlace(temporary, path, flushDirectory: true);

    /// <summary>
    /// <see cref="MoveIntoPlace(string, string)"/>; without <paramref name="flushDirectory"/> the caller flushes the
    /// directory itself before relying on the new name (the inbox's group commit flushes once for many renames).
    /// </summary>
    public static bool MoveIntoPlace(string temporary, string path, bool flushDirectory)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateDirectory(directory);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }

        if (flushDirectory)
        {
            DirectorySync.Flush(directory);
        }

        return true;
    }

    /// <summary>Creates a folder and any missing parents, flushing each parent that gained an entry.</summary>
    public static void CreateDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(full);
        if (parent is not null)
        {
            DirectorySync.Flush(parent);
        }
    }

    /// <summary>Deletes a file and flushes its directory so the deletion is durable too; a missing file is fine.</summary>
    public static void Delete(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        File.Delete(path);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}
