namespace DicomNode.Workflow.Tests.Support;

/// <summary>
/// A real temporary file whose data writes fail as on a full disk (ENOSPC): what a file system does when it has
/// filled up by the time an instance is written.
/// </summary>
internal sealed class FullDiskFileStream(string path)
    : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None)
{
    private const int NoSpaceLeftOnDevice = 28;

    public override void Write(ReadOnlySpan<byte> buffer) => throw NoSpace();

    public override void Write(byte[] buffer, int offset, int count) => throw NoSpace();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromException(NoSpace());

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromException(NoSpace());

    private static IOException NoSpace() => new("No space left on device", NoSpaceLeftOnDevice);
}
