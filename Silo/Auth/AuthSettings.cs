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

    private AuthSettings(IReadOnlyList<ApiKey> apiKeys, ChatDbAuthOptions options)
    {
        ApiKeys = apiKeys;
        ApiKeysFile = string.IsNullOrWhiteSpace(options.ApiKeysFile) ? null : Path.GetFullPath(options.ApiKeysFile);
        ApiKeysFileCheck = TimeSpan.FromSeconds(options.ApiKeysFileCheckSeconds);
        RotationGrace = TimeSpan.FromSeconds(options.RotationGraceSeconds);
    }

    /// <summary>Every key: those of the configuration, then those of <see cref="ApiKeysFile"/>.</summary>
    public IReadOnlyList<ApiKey> ApiKeys { get; }

    public bool HasApiKeys => ApiKeys.Count > 0;

    /// <summary>The full path of the keys file, or null when keys come from the configuration only.</summary>
    public string? ApiKeysFile { get; }

    public TimeSpan ApiKeysFileCheck { get; }

    public TimeSpan RotationGrace { get; }

    /// <exception cref="ConfigurationError">A setting is invalid; the message names every one that is.</exception>
    public static AuthSettings From(ChatDbAuthOptions options)
    {
        var failures = Validate(options, out var settings);
        return failures.Count == 0 ? settings! : throw new ConfigurationError(string.Join(" ", failures));
    }

    /// <summary>Every broken rule, each naming its setting; empty (and <paramref name="settings"/> set) when all hold. Reads the keys file.</summary>
    public static List<string> Validate(ChatDbAuthOptions options, out AuthSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        byte[]? file = null;
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ApiKeysFile))
        {
            try
            {
                file = File.ReadAllBytes(options.ApiKeysFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add($"{Section}:{nameof(ChatDbAuthOptions.ApiKeysFile)} '{options.ApiKeysFile}' cannot be read: {e.Message}");
                settings = null;
                return failures;
            }
        }

        return Validate(options, file, out settings);
    }

    /// <summary>As <see cref="Validate(ChatDbAuthOptions, out AuthSettings?)"/>, with the keys file's bytes already read.</summary>
    public static List<string> Validate(ChatDbAuthOptions options, byte[]? apiKeysFile, out AuthSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var digests = new HashSet<string>(StringComparer.Ordinal);
        var rate = options.RateLimit ?? new RateLimitOptions();
        if (!(rate.RequestsPerSecond >= 0) || double.IsInfinity(rate.RequestsPerSecond))
        {
            failures.Add($"{Section}:{nameof(ChatDbAuthOptions.RateLimit)}:{nameof(RateLimitOptions.RequestsPerSecond)} must be 0 (no limit) or a positive number (was {rate.RequestsPerSecond}).");
        }

        if (rate.Burst < 0)
        {
            failures.Add($"{Section}:{nameof(ChatDbAuthOptions.RateLimit)}:{nameof(RateLimitOptions.Burst)} must be 0 (one second's worth) or more (was {rate.Burst}).");
        }

        var keys = ReadApiKeys(options.ApiKeys, $"{Section}:{nameof(ChatDbAuthOptions.ApiKeys)}", names, digests, rate, failures);
        if (options.ApiKeysFileCheckSeconds <= 0)
        {
            failures.Add($"{Section}:{nameof(ChatDbAuthOptions.ApiKeysFileCheckSeconds)} must be positive (was {options.ApiKeysFileCheckSeconds}).");
        }

        if (options.RotationGraceSeconds < 0)
        {
            failures.Add($"{Section}:{nameof(ChatDbAuthOptions.RotationGraceSeconds)} must be 0 or more (was {options.RotationGraceSeconds}).");
        }

        if (apiKeysFile is not null)
        {
            var fileName = options.ApiKeysFile;
            if (ApiKeysFileFormat.TryRead(apiKeysFile, out var entries, out var formatError))
            {
                keys.AddRange(ReadApiKeys(entries, $"{fileName}: {nameof(ChatDbAuthOptions.ApiKeys)}", names, digests, rate, failures));
            }
            else
            {
                failures.Add($"{Section}:{nameof(ChatDbAuthOptions.ApiKeysFile)} '{fileName}' {formatError}");
            }
        }

        settings = failures.Count == 0
            ? new AuthSettings(keys, options)
            {
                AnonymousRate = RequestRate.Resolve(rate.RequestsPerSecond, rate.Burst, null, null),
                ShareRateAcrossSilos = rate.ShareAcrossSilos,
            }
            : null;
        return failures;
    }

    /// <summary>The limit of requests that present no key (a keyless silo), per remote address; null for none.</summary>
    public RequestRate? AnonymousRate { get; private init; }

    /// <summary><see cref="RateLimitOptions.ShareAcrossSilos"/>: each silo enforces its share of every limit.</summary>
    public bool ShareRateAcrossSilos { get; private init; }

    private static List<ApiKey> ReadApiKeys(
        List<ApiKeyOptions> entries, string setting, HashSet<string> names, HashSet<string> digests, RateLimitOptions rate, List<string> failures)
    {
        var keys = new List<ApiKey>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var at = $"{setting}:{i}";
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

            if (entry.RequestsPerSecond is { } perSecond && (!(perSecond >= 0) || double.IsInfinity(perSecond)))
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.RequestsPerSecond)} must be 0 (no limit) or a positive number (was {perSecond}).");
            }

            if (entry.Burst is < 0)
            {
                failures.Add($"{at}:{nameof(ApiKeyOptions.Burst)} must be 0 (one second's worth) or more (was {entry.Burst}).");
            }

            if (digest is not null && scope is not null && !string.IsNullOrWhiteSpace(entry.Name))
            {
                keys.Add(new ApiKey(entry.Name, digest, scope)
                {
                    Rate = RequestRate.Resolve(rate.RequestsPerSecond, rate.Burst, entry.RequestsPerSecond, entry.Burst),
                });
            }
        }

        return keys;
    }
}
