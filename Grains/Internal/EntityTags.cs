using System.Buffers.Binary;
using System.Security.Cryptography;
using ChatDb.Grains.Models;
using ChatDb.Storage;

namespace ChatDb.Grains.Internal;

/// <summary>
/// ETags of what the grains store: the SHA-256 of the record in the data directory's JSON form
/// (<see cref="JsonFiles"/>, the bytes the flatfile provider writes), cut to 128 bits, as 32 lower-case
/// hex digits; for a document, of its metadata entry and its bytes. Computed from the record, not taken from the
/// storage provider: the provider's ETag of <c>session.json</c> does not move with messages while the session's
/// <c>updated_at</c> does, the memory provider's are counters that start again at 1 with every silo, and document
/// bytes have none. The same record gives the same ETag on every silo, after every restart and with every provider.
/// </summary>
internal static class EntityTags
{
    private const int TagBytes = 16;

    public static ETagged<T> Tag<T>(T value)
        where T : notnull => new(value, Of(value));

    public static string Of<T>(T value)
        where T : notnull
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(JsonFiles.ToBytes(value), hash);
        return Convert.ToHexStringLower(hash[..TagBytes]);
    }

    /// <summary>A document's ETag: its metadata entry and its bytes, each length-prefixed so no two pairs hash alike.</summary>
    public static ETagged<DocumentContent> Tag(DocumentContent document) => new(document, Of(document.Info, document.Content));

    public static string Of(DocumentInfo info, byte[] content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendWithLength(sha, JsonFiles.ToBytes(info));
        AppendWithLength(sha, content);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash[..TagBytes]);
    }

    /// <summary>
    /// Throws <see cref="PreconditionFailedError"/> unless <paramref name="ifMatch"/> is null (no condition),
    /// <see cref="IfMatch.Any"/> with something stored, or the ETag of what is stored (<paramref name="currentETag"/>,
    /// asked only when there is a condition; null: nothing is stored).
    /// </summary>
    public static void Ensure(string? ifMatch, Func<string?> currentETag, string subject)
    {
        if (ifMatch is null)
        {
            return;
        }

        var current = currentETag();
        if (current is not null && (ifMatch == IfMatch.Any || string.Equals(ifMatch, current, StringComparison.Ordinal)))
        {
            return;
        }

        var expected = ifMatch == IfMatch.Any ? "If-Match * (anything stored)" : $"If-Match \"{ifMatch}\"";
        var stored = current is null ? "nothing is stored" : $"the current ETag is \"{current}\"";
        throw new PreconditionFailedError(
            $"{subject}: {expected} does not hold: {stored}; it changed since it was read, so nothing was written (rule: if-match).",
            ifMatch,
            current);
    }

    private static void AppendWithLength(IncrementalHash sha, byte[] bytes)
    {
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }
}
