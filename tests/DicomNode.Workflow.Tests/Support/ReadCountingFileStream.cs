namespace DicomNode.Workflow.Tests.Support;

/// <summary>A temporary file of the inbox that counts how often it is read back (issue 23: an instance is received once).</summary>
internal sealed class ReadCountingFileStream(string path)
    : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 4096, FileOptions.Asynchronous)
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public override int Read(byte[] buffer, int offset, int count)
    {
        Interlocked.Increment(ref _reads);
        return base.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        Interlocked.Increment(ref _reads);
        return base.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadAsync(buffer, offset, count, cancellationToken);
    }
}
