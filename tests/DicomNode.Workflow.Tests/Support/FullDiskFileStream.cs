namespace DicomNode.Workflow.Tests.Support;

/// <summary>
/// A real temporary file whose data writes fail as on a full disk (ENOSPC), after the small meta header
/// went through: what a file system does when it fills up in the middle of an instance.
/// </summary>
internal sealed class FullDiskFileStream(string path)
    : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None)
{
    private const int NoSpaceLeftOnDevice = 28;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromException(new IOException("No space left on device", NoSpaceLeftOnDevice));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromException(new IOException("No space left on device", NoSpaceLeftOnDevice));
}
