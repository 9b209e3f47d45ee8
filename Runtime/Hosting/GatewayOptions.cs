namespace ChatDb.Runtime.Hosting;

/// <summary>The silo's client gateway (configuration section <c>Runtime:Gateway</c>); see docs/GATEWAY.md.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Runtime:Gateway";

    public const string DefaultListenAddress = "127.0.0.1";

    public const int DefaultPort = 30000;

    public const int DefaultMaxFrameSize = 16 * 1024 * 1024;

    /// <summary>Smallest accepted <see cref="MaxFrameSize"/>: a handshake must always fit.</summary>
    public const int MinMaxFrameSize = 1024;

    /// <summary>IP address to listen on (<c>0.0.0.0</c> for every interface).</summary>
    public string ListenAddress { get; set; } = DefaultListenAddress;

    /// <summary>TCP port; 0 picks a free port (read it back from the listener).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Largest frame body accepted or sent; a peer announcing a larger frame is disconnected.</summary>
    public int MaxFrameSize { get; set; } = DefaultMaxFrameSize;
}
