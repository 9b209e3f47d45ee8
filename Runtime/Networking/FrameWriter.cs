using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text.Json;

namespace ChatDb.Runtime.Networking;

/// <summary>
/// Builds one frame at a time for a single writer: the JSON body goes into a reused scratch buffer
/// (so a failed serialization can be discarded and the frame length is known), then prefix and body
/// are copied into the pipe in one piece. Not thread-safe: one instance per connection's writer loop.
/// </summary>
internal sealed class FrameWriter
{
    private const int InitialScratchSize = 4096;

    /// <summary>Scratch buffers that grew beyond this are dropped after use instead of being kept.</summary>
    private const int RetainedScratchSize = 1024 * 1024;

    private readonly int _maxFrameSize;
    private ArrayBufferWriter<byte> _scratch = new(InitialScratchSize);
    private readonly Utf8JsonWriter _json;

    public FrameWriter(int maxFrameSize)
    {
        _maxFrameSize = maxFrameSize;
        _json = new Utf8JsonWriter(_scratch, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Starts a frame body and returns the writer to fill it with exactly one JSON value.</summary>
    public Utf8JsonWriter Begin()
    {
        if (_scratch.Capacity > RetainedScratchSize)
        {
            _scratch = new ArrayBufferWriter<byte>(InitialScratchSize);
        }
        else
        {
            _scratch.ResetWrittenCount();
        }

        _json.Reset(_scratch);
        return _json;
    }

    /// <summary>
    /// Copies the finished body, prefixed by its length, into <paramref name="output"/>. Returns false
    /// (and writes nothing) when the body exceeds the maximum frame size.
    /// </summary>
    public bool TryCommit(PipeWriter output, out int bodyLength)
    {
        _json.Flush();
        var body = _scratch.WrittenSpan;
        bodyLength = body.Length;
        if (body.Length > _maxFrameSize)
        {
            return false;
        }

        var span = output.GetSpan(Framing.HeaderLength + body.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, body.Length);
        body.CopyTo(span[Framing.HeaderLength..]);
        output.Advance(Framing.HeaderLength + body.Length);
        return true;
    }
}
