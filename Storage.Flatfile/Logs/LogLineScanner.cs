using System.Buffers;
using ChatDb.Storage.Flatfile.IO;
using Microsoft.Win32.SafeHandles;

namespace ChatDb.Storage.Flatfile.Logs;

/// <summary>
/// Reads the lines of a byte range of a file with positional reads on a pooled buffer. The file
/// position of the handle is never used, so a scanner can run beside the log's writer on the same
/// handle. A returned line is valid until the next call.
/// </summary>
internal sealed class LogLineScanner : IDisposable
{
    private const int DefaultBufferSize = 64 * 1024;

    private readonly IFlatfileFileSystem _fileSystem;
    private readonly SafeFileHandle _handle;
    private long _end;
    private byte[] _buffer;
    private long _bufferOffset;
    private int _start;
    private int _filled;

    /// <summary>Scans the lines that start in [<paramref name="start"/>, <paramref name="end"/>).</summary>
    public LogLineScanner(IFlatfileFileSystem fileSystem, SafeFileHandle handle, long start, long end, int bufferSize = DefaultBufferSize)
    {
        _fileSystem = fileSystem;
        _handle = handle;
        _end = end;
        _bufferOffset = start;
        var size = (int)Math.Clamp(end - start, 256, Math.Max(bufferSize, 256));
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    /// <summary>File offset of the next line.</summary>
    public long Position => _bufferOffset + _start;

    /// <summary>
    /// The next line without its newline. <paramref name="terminated"/> is false for a last fragment
    /// that has no newline before the end of the range.
    /// </summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out long offset, out bool terminated)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _filled - _start);
            var newline = available.IndexOf(LogLineFormat.NewLine);
            if (newline >= 0)
            {
                offset = Position;
                line = available[..newline];
                terminated = true;
                _start += newline + 1;
                return true;
            }

            var fileOffset = _bufferOffset + _filled;
            if (fileOffset >= _end)
            {
                offset = Position;
                line = available;
                terminated = false;
                _start = _filled;
                return !available.IsEmpty;
            }

            Fill(fileOffset);
        }
    }

    private void Fill(long fileOffset)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _filled - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _filled -= _start;
            _start = 0;
        }

        if (_filled == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(checked(_buffer.Length * 2));
            _buffer.AsSpan(0, _filled).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var wanted = (int)Math.Min(_buffer.Length - _filled, _end - fileOffset);
        var read = _fileSystem.Read(_handle, _buffer.AsSpan(_filled, wanted), fileOffset);
        if (read == 0)
        {
            // The file is shorter than the range (it shrank under an offline scan): stop here.
            _end = fileOffset;
            return;
        }

        _filled += read;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _filled = 0;
        _start = 0;
    }
}
