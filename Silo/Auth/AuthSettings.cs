using ChatDb.Runtime.Security;
using ChatDb.Storage;

namespace ChatDb.Silo.Auth;

/// <summary>
/// <see cref="ChatDbAuthOptions"/> checked and resolved: the API keys with parsed digests and scopes, and the
/// digest of the cluster secret (from whichever of the three settings holds it). Every failure names the
/// setting (<c>Auth:ApiKeys:2:Scope</c>), never a secret.
/// </summary>
public sealed class AuthSettings
{
    private const string Section = ChatDbAuthOptions.SectionName;

    /// <summary>Shortest cluster secret accepted in plain form (the generated ones have 43 characters).</summary>
    public const int MinClusterSecretLength = 16;

    private AuthSettings(IReadOnlyList<ApiKey> apiKeys, byte[]? clusterSecretDigest)
    {
        ApiKeys = apiKeys;
        ClusterSecretDigest = clusterSecretDigest;
    }

    public IReadOnlyList<ApiKey> ApiKeys { get; }

    /// <summary>SHA-256 of the cluster secret; null when none is configured.</summary>
    public byte[]? ClusterSecretDigest { get; }

    public bool HasApiKeys => ApiKeys.Count > 0;

    public bool HasClusterSecret => ClusterSecretDigest is not null;

    /// <exception cref="ConfigurationError">A setting is invalid; the message names every one that is.</exception>
    public static AuthSettings From(ChatDbAuthOptions options)
    {
        var failures = Validate(options, out var settings);
        return failures.Count == 0 ? settings! : throw new ConfigurationError(string.Join(" ", failures));
    }

    /// <summary>Every broken rule, each naming its setting; empty (and <paramref name="settings"/> set) when all hold.</summary>
    public static List<string> Validate(ChatDbAuthOptions options, out AuthSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var keys = ReadApiKeys(options.ApiKeys, failures);
        var digest = ReadClusterSecret(options, failures);
        settings = failures.Count == 0 ? new AuthSettings(keys, digest) : null;
        return failures;
    }

    private static List<ApiKey> ReadApiKeys(List<ApiKeyOptions> entries, List<string> failures)
    {
        var keys = new List<ApiKey>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var at = $"{Section}:{nameof(ChatDbAuthOptions.ApiKeys)}:{i}";
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.Name)} is required (it names the key in logs).");
            }
            else if (!names.Add(entry.Name))
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.Name)} '{entry.Name}' is used by another key; names must be unique.");
            }

            if (!SecretDigest.TryParse(entry.Hash, out var digest))
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.Hash)} must be '{SecretDigest.Prefix}' and 64 hex digits (chatdb auth new-key prints one).");
            }
            else if (!digests.Add(Convert.ToHexString(digest)))
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.Hash)} is the hash of another key too; every key must be distinct.");
            }

            if (!ApiScope.TryParse(entry.Scope, out var scope, out var scopeError))
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.Scope)} {scopeError}.");
            }

            if (digest is not null && scope is not null && !string.IsNullOrWhiteSpace(entry.Name))
            {
                keys.Add(new ApiKey(entry.Name, digest, scope));
            }
        }

        return keys;
    }

    private static byte[]? ReadClusterSecret(ChatDbAuthOptions options, List<string> failures)
    {
        var given = new[]
        {
            (Key: nameof(options.ClusterSecretHash), Value: options.ClusterSecretHash),
            (Key: nameof(options.ClusterSecret), Value: options.ClusterSecret),
            (Key: nameof(options.ClusterSecretFile), Value: options.ClusterSecretFile),
        }.Where(s => !string.IsNullOrEmpty(s.Value)).ToList();
        if (given.Count > 1)
        {
            failures.Add($"Only one of {string.Join(", ", given.Select(s => $"{Section}:{s.Key}"))} may be set; they all give the cluster secret.");
            return null;
        }

        if (!string.IsNullOrEmpty(options.ClusterSecretHash))
        {
            if (SecretDigest.TryParse(options.ClusterSecretHash, out var digest))
            {
                return digest;
            }

            failures.Add($"{Section}:{nameof(options.ClusterSecretHash)} must be '{SecretDigest.Prefix}' and 64 hex digits (chatdb auth new-cluster-secret prints one).");
            return null;
        }

        var secret = options.ClusterSecret;
        var from = $"{Section}:{nameof(options.ClusterSecret)}";
        if (!string.IsNullOrEmpty(options.ClusterSecretFile))
        {
            from = $"the file named by {Section}:{nameof(options.ClusterSecretFile)} ('{options.ClusterSecretFile}')";
            try
            {
                secret = File.ReadAllText(options.ClusterSecretFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                failures.Add($"{Section}:{nameof(options.ClusterSecretFile)} '{options.ClusterSecretFile}' cannot be read: {e.Message}");
                return null;
            }
        }

        if (secret is null)
        {
            return null;
        }

        if (secret.Length < MinClusterSecretLength)
        {
            failures.Add($"The cluster secret from {from} has {secret.Length} characters; at least {MinClusterSecretLength} are required (chatdb auth new-cluster-secret makes one).");
            return null;
        }

        return SecretDigest.Compute(secret);
    }
}
