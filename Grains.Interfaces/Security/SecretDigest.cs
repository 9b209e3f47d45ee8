using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatDb.Grains.Security;

/// <summary>
/// The one way ChatDb stores and compares secrets (API keys): the SHA-256 digest of
/// the secret's UTF-8 bytes, written <c>sha256:&lt;64 lower-case hex digits&gt;</c>, compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>. Unsalted SHA-256 is enough because the secrets
/// are generated random tokens of 256 bits (<see cref="NewToken"/>): there is no dictionary to try and
/// nothing to gain from a slow hash. A human-chosen password would need a salted, slow hash instead.
/// </summary>
public static class SecretDigest
{
    public const string Prefix = "sha256:";

    public const int DigestBytes = 32;

    /// <summary>Random bytes in a generated token (256 bits).</summary>
    public const int TokenBytes = 32;

    /// <summary>The digest of <paramref name="secret"/>.</summary>
    public static byte[] Compute(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> for a digest of <see cref="DigestBytes"/> bytes.</summary>
    public static string Format(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != DigestBytes)
        {
            throw new ArgumentException($"A SHA-256 digest has {DigestBytes} bytes; this one has {digest.Length}.", nameof(digest));
        }

        return Prefix + Convert.ToHexStringLower(digest);
    }

    /// <summary>Reads <c>sha256:&lt;64 hex digits&gt;</c> (either case); false for anything else.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out byte[]? digest)
    {
        digest = null;
        if (text is null || !text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || text.Length != Prefix.Length + (2 * DigestBytes))
        {
            return false;
        }

        var hex = text.AsSpan(Prefix.Length);
        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        digest = Convert.FromHexString(hex);
        return true;
    }

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="expectedDigest"/>; the comparison takes the same time wherever they differ.</summary>
    public static bool Matches(string secret, ReadOnlySpan<byte> expectedDigest) =>
        CryptographicOperations.FixedTimeEquals(Compute(secret), expectedDigest);

    /// <summary>A new random token: <paramref name="prefix"/> followed by <see cref="TokenBytes"/> random bytes in URL-safe base64 (no padding).</summary>
    public static string NewToken(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var bytes = RandomNumberGenerator.GetBytes(TokenBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')}");
    }
}
