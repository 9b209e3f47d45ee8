using ChatDb.Grains.Security;
using ChatDb.Storage;

namespace ChatDb.Silo.Auth;

/// <summary>
/// <see cref="ChatDbAuthOptions"/> checked and resolved: the API keys with parsed digests and scopes. Every
/// failure names the setting (<c>Auth:ApiKeys:2:Scope</c>), never a secret.
/// </summary>
public sealed class AuthSettings
{
    private const string Section = ChatDbAuthOptions.SectionName;

    private AuthSettings(IReadOnlyList<ApiKey> apiKeys) => ApiKeys = apiKeys;

    public IReadOnlyList<ApiKey> ApiKeys { get; }

    public bool HasApiKeys => ApiKeys.Count > 0;

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
        settings = failures.Count == 0 ? new AuthSettings(keys) : null;
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
}
