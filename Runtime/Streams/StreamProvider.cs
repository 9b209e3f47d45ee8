using ChatDb.Storage;
using System.Collections.Concurrent;
using ChatDb.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatDb.Runtime.Streams;

/// <summary>
/// A stream provider of this silo: one agent per stream in use, created on first use. The memory and
/// the persistent provider differ only in where items live (<see cref="StreamItemStore{T}"/>).
/// </summary>
internal sealed class StreamProvider : IStreamProvider
{
    private readonly ConcurrentDictionary<StreamId, IStreamAgent> _agents = new();
    private readonly Func<StreamId, Type, object> _createStore;

    private StreamProvider(string name, StreamProviderOptions options, IServiceProvider services, Func<StreamId, Type, object> createStore)
    {
        Name = name;
        _createStore = createStore;
        DeliveryBatchSize = options.DeliveryBatchSize;
        MaxPendingItems = options.MaxPendingItems;
        PubSubStorageName = options.PubSubStorageName;
        PubSubStateName = StreamStorageIds.PubSubStateName(name);
        PubSubStorage = services.GetKeyedService<IGrainStorage>(options.PubSubStorageName)
            ?? services.GetKeyedService<IGrainStorage>(StorageProviderNames.Default);
        Catalog = services.GetRequiredService<Catalog>();
        Implicit = services.GetRequiredService<ImplicitStreamSubscriptions>();
        Log = new StreamLog(services.GetService<ILoggerFactory>()?.CreateLogger<StreamProvider>() ?? NullLogger<StreamProvider>.Instance);
    }

    public string Name { get; }

    public bool IsRewindable => true;

    internal int DeliveryBatchSize { get; }

    internal int MaxPendingItems { get; }

    internal string PubSubStorageName { get; }

    internal string PubSubStateName { get; }

    internal IGrainStorage? PubSubStorage { get; }

    internal Catalog Catalog { get; }

    internal ImplicitStreamSubscriptions Implicit { get; }

    internal StreamLog Log { get; }

    internal CancellationToken StoppingToken => Catalog.StoppingToken;

    public static StreamProvider CreateMemory(string name, MemoryStreamOptions options, IServiceProvider services) =>
        new(name, options, services, (_, itemType) => Activator.CreateInstance(typeof(MemoryStreamItemStore<>).MakeGenericType(itemType), options.MaxBufferedItems)!);

    /// <exception cref="ConfigurationError">The log storage provider is not registered.</exception>
    public static StreamProvider CreatePersistent(string name, PersistentStreamOptions options, IServiceProvider services)
    {
        var logStorage = services.GetKeyedService<IGrainLogStorage>(options.LogStorageName)
            ?? throw new ConfigurationError(
                $"Persistent stream provider '{name}' stores items in the grain log storage provider named '{options.LogStorageName}' "
                + $"({StreamProviderOptions.SectionPrefix}:{name}:{nameof(options.LogStorageName)}), but none is registered.");
        return new(name, options, services, (streamId, itemType) => Activator.CreateInstance(
            typeof(LogStreamItemStore<>).MakeGenericType(itemType), logStorage, name, streamId, options.CacheSize)!);
    }

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
    {
        if (streamId == default)
        {
            throw new ArgumentException("A stream id needs a namespace and a key; create it with StreamId.Create.", nameof(streamId));
        }

        var agent = _agents.GetOrAdd(
            streamId,
            static (id, provider) => new StreamAgent<T>(provider, id, (StreamItemStore<T>)provider._createStore(id, typeof(T))),
            this);
        return agent is StreamAgent<T> typed
            ? new AsyncStream<T>(typed)
            : throw new InvalidOperationException(
                $"Stream {Name}:{streamId} is in use with items of type {agent.ItemType}; it cannot also be used with {typeof(T)} (one item type per stream).");
    }

    public override string ToString() => $"stream provider '{Name}'";
}
