namespace DicomNode.Dicom.IO;

/// <summary>
/// A forward-only reader over any stream with a small look-ahead buffer: it can peek at the next bytes, skip
/// values without holding them (seeking where the stream can) and say how many bytes it has consumed. Memory
/// stays at the buffer's size whatever the stream's length; the buffer is rented from the shared pool and given back
/// on disposal (the inbox validates every received instance through one).
/// </summary>
internal sealed class ForwardStream : Stream
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _inner;
    private byte[] _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private long _consumed;

    public ForwardStream(Stream inner) => _inner = inner;

    /// <summary>Bytes consumed (read, skipped) so far.</summary>
    public long Consumed => _consumed;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _consumed;
        set => throw new NotSupportedException();
    }

    /// <summary>The next <paramref name="count"/> bytes without consuming them; shorter only at the end of the stream.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        Fill(count);
        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    /// <summary>True when no byte remains.</summary>
    public bool AtEnd => Peek(1).Length == 0;

    /// <summary>Consumes exactly <paramref name="destination"/>.Length bytes; false when the stream ends first.</summary>
    public bool TryReadExactly(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            var n = Read(destination);
            if (n == 0)
            {
                return false;
            }

            destination = destination[n..];
        }

        return true;
    }

    /// <summary>Consumes <paramref name="count"/> bytes without keeping them; returns how many there were.</summary>
    public long Skip(long count)
    {
        var skipped = 0L;
        var buffered = (int)Math.Min(count, _end - _start);
        _start += buffered;
        skipped += buffered;
        if (skipped < count && _inner.CanSeek)
        {
            var jump = Math.Min(count - skipped, Math.Max(0, _inner.Length - _inner.Position));
            _inner.Seek(jump, SeekOrigin.Current);
            skipped += jump;
        }

        while (skipped < count)
        {
            Fill(1);
            if (_end == _start)
            {
                break;
            }

            var take = (int)Math.Min(count - skipped, _end - _start);
            _start += take;
            skipped += take;
        }

        _consumed += skipped;
        return skipped;
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_end == _start)
        {
            if (buffer.Length >= BufferSize)
            {
                var direct = _inner.Read(buffer);
                _consumed += direct;
                return direct;
            }

            Fill(1);
            if (_end == _start)
            {
                return 0;
            }
        }

        var n = Math.Min(buffer.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(buffer);
        _start += n;
        _consumed += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    /// <summary>Gives the buffer back to the pool; the inner stream is not this reader's to close.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            var buffer = _buffer;
            _buffer = [];
            _start = _end = 0;
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Fill(int count)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var n = _inner.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0)
            {
                return;
            }

            _end += n;
        }
    }
}
