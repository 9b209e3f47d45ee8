using System.Buffers;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// Reads newline-separated records from any stream (a plain file, a gzip stream, a pipe) with one pooled
/// buffer that grows only for a line longer than it. Memory stays at the longest line, whatever the size of
/// the stream. A returned line is valid until the next call.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private long _consumed;

    public LineReader(Stream stream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>Bytes of the stream handed out as lines so far (newlines included).</summary>
    public long Position => _consumed;

    /// <summary>The next line without its newline; <paramref name="terminated"/> is false for a last line
    /// that has no newline (a torn write).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out long offset, out bool terminated)
    {
        var searched = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = searched + newline;
                line = _buffer.AsSpan(_start, length);
                offset = _consumed;
                _consumed += length + 1;
                _start += length + 1;
                terminated = true;
                return true;
            }

            searched = _end - _start;
            if (_eof)
            {
                terminated = false;
                offset = _consumed;
                line = _buffer.AsSpan(_start, _end - _start);
                _consumed += line.Length;
                _start = _end;
                return !line.IsEmpty;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
