namespace ChatDb.Storage.Export;

/// <summary>
/// Turns JSON Lines written into it into one JSON array on <c>inner</c>, streaming: <c>[</c> before the first line,
/// <c>,</c> between lines, <c>]</c> on <see cref="Finish"/>. A raw line feed never occurs inside a JSON value (strings
/// escape it), so each one ends a line.
/// </summary>
public sealed class JsonLinesArrayStream(Stream inner) : Stream
{
    private bool _started;
    private bool _lineEnded;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            if (!_started)
            {
                inner.Write("[\n"u8);
                _started = true;
            }
            else if (_lineEnded)
            {
                inner.Write(",\n"u8);
                _lineEnded = false;
            }

            var end = buffer.IndexOf((byte)'\n');
            if (end < 0)
            {
                inner.Write(buffer);
                return;
            }

            inner.Write(buffer[..end]);
            _lineEnded = true;
            buffer = buffer[(end + 1)..];
        }
    }

    /// <summary>Closes the array (an empty one when nothing was written).</summary>
    public void Finish()
    {
        inner.Write(_started ? "\n]\n"u8 : "[]\n"u8);
        inner.Flush();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
