using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// ETags of state documents, derived from what is on disk: the first 64 bits of the SHA-256 of the
/// stored bytes followed by the file's last-write time (100 ns ticks), as 16 lower-case hex digits.
/// Nothing besides the document is stored, a reopened provider computes the same ETags, and an edit by
/// hand or a restore shows as a change. The write time is what makes two writes of identical bytes
/// differ: <see cref="StampClock"/> gives every write a time later than the one it replaces.
/// </summary>
public static class ContentEtag
{
    public static string Of(ReadOnlySpan<byte> content, DateTime lastWriteUtc)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(content);
        Span<byte> ticks = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(ticks, lastWriteUtc.Ticks);
        sha.AppendData(ticks);
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
