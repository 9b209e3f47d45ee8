namespace ChatDb.Runtime.Client;

/// <summary>Settings of a <see cref="ClusterClient"/> (configuration section <c>Runtime:Client</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string SectionName = "Runtime:Client";

    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultConnectRetryDelay = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan DefaultMaxConnectRetryDelay = TimeSpan.FromSeconds(2);

    public const int DefaultConnectRetryCount = 3;

    /// <summary>Gateway endpoints (<c>host:port</c>), tried in order.</summary>
    public List<string> Gateways { get; set; } = [];

    /// <summary>How long a call waits for its response before it fails with a <see cref="TimeoutException"/>; <c>[ResponseTimeout]</c> on a method overrides it.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Extra rounds over the gateway list when connecting fails (0: one round only).</summary>
    public int ConnectRetryCount { get; set; } = DefaultConnectRetryCount;

    /// <summary>Pause before the first retry round; doubled each round up to <see cref="MaxConnectRetryDelay"/>.</summary>
    public TimeSpan ConnectRetryDelay { get; set; } = DefaultConnectRetryDelay;

    public TimeSpan MaxConnectRetryDelay { get; set; } = DefaultMaxConnectRetryDelay;

    /// <summary>Largest frame body sent or accepted; must not exceed the silo's <c>Runtime:Gateway:MaxFrameSize</c> to be useful.</summary>
    public int MaxFrameSize { get; set; } = Hosting.GatewayOptions.DefaultMaxFrameSize;

    /// <summary>Name this client gives in its hello (logged by the silo); empty: machine name and a random suffix.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Shared secret presented to the gateway's authenticator. Never logged.</summary>
    public string? ClusterSecret { get; set; }
}
