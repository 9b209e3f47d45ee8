using System.Security.Cryptography;

namespace ChatDb.Grains.Internal;

/// <summary>
/// Random (version 4) GUIDs for generated message ids, drawn from a per-thread buffer of random bytes. On Linux
/// <see cref="Guid.NewGuid"/> reads the kernel's generator once per GUID, a system call for every message of a batch;
/// here one <see cref="RandomNumberGenerator.Fill"/> serves <see cref="PerRefill"/> GUIDs. The bytes come from the
/// same cryptographic generator, and the version and variant bits are set as <see cref="Guid.NewGuid"/> sets them,
/// so the ids look and spread exactly as before.
/// </summary>
internal static class RandomGuids
{
    /// <summary>GUIDs served by one refill of a thread's buffer.</summary>
    public const int PerRefill = 256;

    private const int GuidSize = 16;

    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _next;

    public static Guid Next()
    {
        var buffer = _buffer ??= new byte[PerRefill * GuidSize];
        if (_next == 0)
        {
            RandomNumberGenerator.Fill(buffer);
        }

        var bytes = buffer.AsSpan(_next * GuidSize, GuidSize);
        _next = (_next + 1) % PerRefill;

        // RFC 9562 version 4: the high nibble of octet 6 is 0100 and the two high bits of octet 8 are 10. The Guid
        // constructor reads octets 6-7 as a little-endian ushort, so octet 6 of the text is byte 7 here.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var guid = new Guid(bytes);

        // A served GUID leaves no copy behind in the buffer.
        bytes.Clear();
        return guid;
    }
}
