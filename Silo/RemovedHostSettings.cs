using ChatDb.Storage;

namespace ChatDb.Silo;

/// <summary>
/// Settings of the silo host that no longer exist since ChatDb runs on Microsoft Orleans. A configuration
/// that still sets one fails at start-up with one line naming the replacement, instead of starting with
/// the setting silently ignored (a gateway port that is not the one configured, a secret that protects nothing).
/// </summary>
public static class RemovedHostSettings
{
    /// <summary>Removed keys or whole sections, and what to do instead.</summary>
    public static IReadOnlyList<(string Key, string Instead)> Keys { get; } =
    [
        ("Runtime:Gateway:Port", $"use {SiloCommandLine.GatewayPortKey} (--gateway-port)"),
        ("Runtime:Gateway:ListenAddress", $"use {SiloCommandLine.GatewayAddressKey} (--gateway-address)"),
        ("Runtime:Gateway:MaxFrameSize", "Orleans sizes its own messages; delete the key"),
        ("Runtime:Client", "clients configure Orleans' client (docs/GATEWAY.md); delete the section"),
        ("Runtime:Messaging", "Orleans' SiloMessagingOptions apply; delete the section"),
        ("Runtime:GrainCollection", "Orleans' GrainCollectionOptions apply; delete the section"),
        ("Runtime:Streams", "chat events use Orleans' memory streams; delete the section"),
        ("Auth:ClusterSecret", "Orleans has no shared-secret handshake; beyond loopback the gateway requires mutual TLS (--tls-cert, --tls-key, --tls-ca; docs/SECURITY.md); delete the key"),
        ("Auth:ClusterSecretHash", "Orleans has no shared-secret handshake; beyond loopback the gateway requires mutual TLS (--tls-cert, --tls-key, --tls-ca; docs/SECURITY.md); delete the key"),
        ("Auth:ClusterSecretFile", "Orleans has no shared-secret handshake; beyond loopback the gateway requires mutual TLS (--tls-cert, --tls-key, --tls-ca; docs/SECURITY.md); delete the key"),
    ];

    /// <summary>One message per removed key <paramref name="configuration"/> sets.</summary>
    public static IReadOnlyList<string> FindIn(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return Keys
            .Where(removed => configuration.GetSection(removed.Key).Exists())
            .Select(removed => $"{removed.Key} was removed: {removed.Instead}.")
            .ToList();
    }

    /// <exception cref="ConfigurationError">A removed key is set; the message names every one.</exception>
    public static void EnsureNoneIn(IConfiguration configuration)
    {
        var found = FindIn(configuration);
        if (found.Count > 0)
        {
            throw new ConfigurationError(string.Join(" ", found));
        }
    }
}
