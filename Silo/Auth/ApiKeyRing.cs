using System.Security.Cryptography;
using ChatDb.Grains.Security;
using Microsoft.Extensions.Options;

namespace ChatDb.Silo.Auth;

/// <summary>
/// The API keys the REST API accepts. A presented key is hashed once and compared with every configured
/// digest in constant time, without stopping at the first match, so neither the comparison nor the
/// position of the matching key shows in the response time.
/// </summary>
public sealed class ApiKeyRing
{
    /// <summary>Longer "keys" are refused unhashed: no generated key comes close.</summary>
    public const int MaxKeyLength = 512;

    private readonly ApiKey[] _keys;

    public ApiKeyRing(IOptions<ChatDbAuthOptions> options)
        : this(AuthSettings.From((options ?? throw new ArgumentNullException(nameof(options))).Value).ApiKeys)
    {
    }

    public ApiKeyRing(IEnumerable<ApiKey> keys) => _keys = [.. keys];

    /// <summary>No keys configured: the API is open, to loopback connections only.</summary>
    public bool IsEmpty => _keys.Length == 0;

    public int Count => _keys.Length;

    /// <summary>The configured key <paramref name="presented"/> is, or null.</summary>
    public ApiKey? Find(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > MaxKeyLength)
        {
            return null;
        }

        var digest = SecretDigest.Compute(presented);
        ApiKey? found = null;
        foreach (var key in _keys)
        {
            var same = CryptographicOperations.FixedTimeEquals(key.Digest, digest);
            found = same ? key : found;
        }

        return found;
    }
}
