namespace ChatDb.Runtime.Hosting;

/// <summary>Messaging settings of a silo (configuration section <c>Runtime:Messaging</c>).</summary>
public sealed class SiloMessagingOptions
{
    public const string SectionName = "Runtime:Messaging";

    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a caller waits for a response before it gets a <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;
}
