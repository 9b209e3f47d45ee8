namespace ChatDb.Silo.Auth;

/// <summary>A configured API key as the silo holds it: its name, the SHA-256 digest of the key, its scope.</summary>
public sealed record ApiKey(string Name, byte[] Digest, ApiScope Scope)
{
    /// <summary>The requests this key may make (its own limit or the configured default); null for no limit.</summary>
    public RequestRate? Rate { get; init; }

    /// <summary>Name and scope only: the digest stays out of logs and messages too.</summary>
    public override string ToString() => $"API key '{Name}' ({Scope})";
}
