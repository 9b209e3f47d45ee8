namespace ChatDb.Silo.Auth;

/// <summary>
/// Who may use the silo (configuration section <c>Auth</c>; docs/SECURITY.md). With no API keys the REST API
/// answers loopback connections only; with no cluster secret the gateway must listen on loopback. Secrets
/// are held as SHA-256 digests; <see cref="ClusterSecret"/> exists for an environment variable or a secret
/// store (<c>CHATDB_AUTH__CLUSTERSECRET</c>), never for appsettings. None of these values is ever logged.
/// </summary>
public sealed class ChatDbAuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The API keys the REST API accepts, each with a name (the only thing logged) and a scope.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Digest of the cluster secret, <c>sha256:&lt;hex&gt;</c> (<c>chatdb auth new-cluster-secret</c> prints one).</summary>
    public string? ClusterSecretHash { get; set; }

    /// <summary>The cluster secret itself, for an environment variable; hashed at start-up and then forgotten.</summary>
    public string? ClusterSecret { get; set; }

    /// <summary>A file holding the cluster secret (one line; surrounding white space is ignored), e.g. a mounted secret.</summary>
    public string? ClusterSecretFile { get; set; }
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
}
