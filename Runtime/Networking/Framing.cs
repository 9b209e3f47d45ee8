using System.Buffers;
using System.Buffers.Binary;

namespace ChatDb.Runtime.Networking;

/// <summary>What <see cref="Framing.TryReadFrame"/> found at the start of the buffer.</summary>
internal enum FrameStatus
{
    /// <summary>Not a whole frame yet: read more.</summary>
    Incomplete,

    /// <summary>A whole frame; the buffer was advanced past it.</summary>
    Complete,

    /// <summary>The length prefix announces more than the configured maximum (or a negative length).</summary>
    Oversize,
}

/// <summary>
/// The gateway's framing: a 4-byte little-endian body length, then the body (one UTF-8 JSON message).
/// The length is checked before any of the body is buffered, so a hostile prefix cannot make a peer
/// allocate gigabytes.
/// </summary>
internal static class Framing
{
    public const int HeaderLength = 4;

    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    public static FrameStatus TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> body, out long declaredLength)
    {
        body = default;
        declaredLength = 0;
        if (buffer.Length < HeaderLength)
        {
            return FrameStatus.Incomplete;
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        buffer.Slice(0, HeaderLength).CopyTo(header);
        declaredLength = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (declaredLength < 0 || declaredLength > maxFrameSize)
        {
            return FrameStatus.Oversize;
        }

        if (buffer.Length < HeaderLength + declaredLength)
        {
            return FrameStatus.Incomplete;
        }

        body = buffer.Slice(HeaderLength, declaredLength);
        buffer = buffer.Slice(body.End);
        return FrameStatus.Complete;
    }
}
