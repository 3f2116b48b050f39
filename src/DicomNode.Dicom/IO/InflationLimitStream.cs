using System.IO.Compression;

namespace DicomNode.Dicom.IO;

/// <summary>
/// Inflates a raw deflate stream (PS3.5 §A.5, RFC 1951) and stops with <see cref="DicomFormatException"/> marked
/// <see cref="DicomFormatException.ExceedsLimit"/> as soon as more than <paramref name="limit"/> bytes come out,
/// so a deflate bomb costs the limit in time, never in memory.
/// </summary>
internal sealed class InflationLimitStream(Stream deflated, long limit, long offset) : Stream
{
    private readonly DeflateStream _inflater = new(deflated, CompressionMode.Decompress, leaveOpen: true);
    private long _inflated;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _inflated;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _inflater.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException("Deflated data set is not a valid deflate stream", offset, inner: ex);
        }

        _inflated += n;
        if (_inflated > limit)
        {
            throw new DicomFormatException($"Deflated data set inflates beyond the limit of {limit} bytes", offset) { ExceedsLimit = true };
        }

        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflater.Dispose();
        }

        base.Dispose(disposing);
    }
}
