using ChatDb.Runtime.Storage;
using ChatDb.Storage;

namespace ChatDb.Runtime.Streams;

/// <summary>Settings every stream provider has (configuration section <c>Runtime:Streams:{name}</c>).</summary>
public abstract class StreamProviderOptions
{
    public const string SectionPrefix = "Runtime:Streams";

    /// <summary>Grain storage provider that records grain subscriptions; when not registered, <see cref="StorageProviderNames.Default"/> is used.</summary>
    public const string DefaultPubSubStorageName = "PubSubStore";

    public const int DefaultDeliveryBatchSize = 64;

    public const int DefaultMaxPendingItems = 10_000;

    public string PubSubStorageName { get; set; } = DefaultPubSubStorageName;

    /// <summary>Most items handed to one subscriber in one delivery (one grain turn).</summary>
    public int DeliveryBatchSize { get; set; } = DefaultDeliveryBatchSize;

    /// <summary>
    /// Most items of one stream waiting to be stored (published without awaiting). Past it
    /// <c>OnNextAsync</c> fails with <see cref="StorageLimitExceeded"/>: the only point where producers
    /// feel backpressure, and it comes from storage, never from consumers.
    /// </summary>
    public int MaxPendingItems { get; set; } = DefaultMaxPendingItems;
}

/// <summary>Options of <c>AddMemoryStreams</c>.</summary>
public sealed class MemoryStreamOptions : StreamProviderOptions
{
    public const int DefaultMaxBufferedItems = 1024;

    /// <summary>
    /// Items kept per stream. Subscribers can rewind within them; a subscriber further behind than this
    /// loses the older items (it gets <see cref="StreamDataNotAvailableException"/> through <c>OnErrorAsync</c>).
    /// </summary>
    public int MaxBufferedItems { get; set; } = DefaultMaxBufferedItems;
}

/// <summary>Options of <c>AddPersistentStreams</c>.</summary>
public sealed class PersistentStreamOptions : StreamProviderOptions
{
    public const int DefaultCacheSize = 1024;

    /// <summary>The grain log storage provider that holds the streams' items (one log per stream).</summary>
    public string LogStorageName { get; set; } = StorageProviderNames.Default;

    /// <summary>Recent items kept in memory per stream for live delivery; older ones are read from the log.</summary>
    public int CacheSize { get; set; } = DefaultCacheSize;
}
