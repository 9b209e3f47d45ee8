namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>The first <c>length</c> bytes of a seekable stream: a log copied up to a line end measured beforehand.
/// Seekable with a known length, which is what <see cref="System.Formats.Tar.TarWriter"/> needs to write an entry into a gzip stream.</summary>
internal sealed class BoundedReadStream(Stream inner, long length) : Stream
{
    private readonly long _length = length;
    private long _remaining = length;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _length - _remaining;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_remaining <= 0)
        {
            return 0;
        }

        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        if (read == 0)
        {
            // A tar entry's size is written before its bytes: a file that shrank would corrupt the archive.
            throw new IOException($"the file being copied ended {_remaining} byte(s) before the {_length} measured; it was truncated during the backup.");
        }

        _remaining -= read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => _length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, _length, nameof(offset));
        inner.Position = target;
        _remaining = _length - target;
        return target;
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
