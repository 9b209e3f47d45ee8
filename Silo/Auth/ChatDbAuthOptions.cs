namespace ChatDb.Silo.Auth;

/// <summary>
/// Who may use the silo (configuration section <c>Auth</c>; docs/SECURITY.md). With no API keys the REST API
/// answers loopback connections only. Keys are held as SHA-256 digests; no key is ever logged.
/// </summary>
public sealed class ChatDbAuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The API keys the REST API accepts, each with a name (the only thing logged) and a scope.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// A JSON file of further keys, <c>{"ApiKeys": [ ... ]}</c> with entries shaped like <see cref="ApiKeys"/>. The silo
    /// reads it again when it changes (and every <see cref="ApiKeysFileCheckSeconds"/>), without a restart.
    /// </summary>
    public string? ApiKeysFile { get; set; }

    /// <summary>How often the keys file is read again even when no change was noticed (network file systems miss change events).</summary>
    public int ApiKeysFileCheckSeconds { get; set; } = 10;

    /// <summary>How long a key removed from the keys file stays valid, so clients can switch to its successor.</summary>
    public int RotationGraceSeconds { get; set; } = 300;

    /// <summary>Requests per key (section <c>Auth:RateLimit</c>); off unless set.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>One API key: <c>{"Name": "ops", "Hash": "sha256:...", "Scope": "admin" | "user:{userId}"}</c>.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>A label for logs and error messages (the key itself never appears anywhere).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>SHA-256 digest of the key, <c>sha256:&lt;64 hex digits&gt;</c>.</summary>
    public string Hash { get; set; } = string.Empty;

    /// <summary><c>admin</c>, or <c>user:{userId}</c> for a key that reaches only <c>/users/{userId}/...</c>.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>This key's own rate limit (0 for none), instead of <c>Auth:RateLimit:RequestsPerSecond</c>.</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>This key's own burst, instead of <c>Auth:RateLimit:Burst</c>.</summary>
    public int? Burst { get; set; }
}
