namespace ChatDb.Grains.Cluster;

/// <summary>
/// Where the silos of a cluster find each other (setting <c>Cluster:Membership</c>), and where clients find the
/// gateways: the same provider on both sides (docs/CLUSTER.md).
/// </summary>
public enum ClusterMembership
{
    /// <summary>One silo, membership in its own memory: nothing to install (the default).</summary>
    Localhost,

    /// <summary>A Redis server holds the membership table; <c>Cluster:ConnectionString</c> is <c>host:port</c> or a StackExchange.Redis configuration.</summary>
    Redis,

    /// <summary>An Azure Storage table holds the membership table; Orleans' own state and the chat events live in the same account.</summary>
    Azure,
}

/// <summary>The setting's spelling of <see cref="ClusterMembership"/>.</summary>
public static class ClusterMemberships
{
    public const string SettingKey = "Cluster:Membership";

    public static IReadOnlyList<string> Names { get; } = ["localhost", "redis", "azure"];

    /// <summary>Parses a setting value, case-insensitively; null for a value that names no provider.</summary>
    public static ClusterMembership? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "localhost" => ClusterMembership.Localhost,
        "redis" => ClusterMembership.Redis,
        "azure" => ClusterMembership.Azure,
        _ => null,
    };

    public static string Name(this ClusterMembership membership) => Names[(int)membership];

    /// <summary>Whether the provider needs <c>Cluster:ConnectionString</c>.</summary>
    public static bool NeedsConnectionString(this ClusterMembership membership) =>
        membership is ClusterMembership.Redis or ClusterMembership.Azure;
}
