namespace ChatDb.Runtime.Streams;

/// <summary>
/// Runs one stream of one provider in this silo: the single writer of its items, the holder of its
/// subscriptions and their durable record, and one delivery pump per subscription. Created on first
/// use of the stream; loads the record and the stored item count before anything else happens.
/// </summary>
/// <remarks>
/// Delivery policy: each subscription has its own pump, which reads the items after its cursor and
/// hands them over in sequence order, a batch (up to <c>DeliveryBatchSize</c>) at a time, never two
/// batches at once. Producers never wait for it. A consumer that throws gets the error logged and the
/// item counts as delivered; a delivery that cannot reach its grain at all (activation failed, call
/// timed out) is logged and its batch skipped. Persistent providers store each grain subscription's
/// cursor after every batch, so a restart repeats at most the batch that was in flight when the silo
/// died (at-least-once across crashes, exactly-once across deactivations and graceful restarts).
/// </remarks>
internal sealed partial class StreamAgent<T> : IStreamAgent
{
    private readonly StreamProvider _provider;
    private readonly StreamItemStore<T> _store;
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, StreamSubscription<T>> _subscriptions = [];
    private Task? _loading;
    private long _lastSequence;

    public StreamAgent(StreamProvider provider, StreamId streamId, StreamItemStore<T> store)
    {
        _provider = provider;
        StreamId = streamId;
        _store = store;
    }

    public StreamId StreamId { get; }

    public string ProviderName => _provider.Name;

    public Type ItemType => typeof(T);

    internal StreamLog Log => _provider.Log;

    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>Loads the stored count and subscription record once; a failed load is retried by the next caller.</summary>
    public Task EnsureLoadedAsync()
    {
        lock (_lock)
        {
            if (_loading is null || _loading.IsFaulted || _loading.IsCanceled)
            {
                // Off the caller's scheduler: the load is library work even when a grain triggers it.
                _loading = Task.Run(LoadAsync);
            }

            return _loading;
        }
    }

    private async Task LoadAsync()
    {
        var last = await _store.LoadAsync(_provider.StoppingToken).ConfigureAwait(false);
        var stored = await ReadRecordAsync().ConfigureAwait(false);
        var subscriptions = new List<StreamSubscription<T>>();
        var needsWrite = false;
        foreach (var entry in stored)
        {
            // Memory streams start empty after a restart: a stored position means nothing there.
            var cursor = _store.IsDurable ? Math.Min(entry.LastDelivered, last) : last;
            if (!entry.IsImplicit || _provider.Implicit.IsSubscribed(entry.Consumer.Type, StreamId.Namespace))
            {
                subscriptions.Add(new StreamSubscription<T>(entry.SubscriptionId, entry.Consumer, entry.IsImplicit, cursor, localObserver: null));
            }
        }

        foreach (var grainType in _provider.Implicit.ConsumersOf(StreamId.Namespace))
        {
            var id = ImplicitStreamSubscriptions.SubscriptionId(_provider.Name, grainType, StreamId);
            if (!subscriptions.Exists(s => s.Id == id))
            {
                // Implicit subscribers see the items published from the stream's first use in this silo on.
                subscriptions.Add(new StreamSubscription<T>(id, new GrainId(grainType, StreamId.Key), isImplicit: true, last, localObserver: null));
                needsWrite |= _store.IsDurable && _provider.PubSubStorage is not null;
            }
        }

        lock (_lock)
        {
            _lastSequence = last;
            foreach (var subscription in subscriptions)
            {
                _subscriptions[subscription.Id] = subscription;
            }
        }

        if (needsWrite)
        {
            await SaveRecordAsync(force: true).ConfigureAwait(false);
        }

        foreach (var subscription in subscriptions)
        {
            Kick(subscription);
        }
    }

    /// <summary>Subscriptions to deliver to, for the pumps after an append.</summary>
    private StreamSubscription<T>[] Snapshot()
    {
        lock (_lock)
        {
            return [.. _subscriptions.Values];
        }
    }

    private StreamSubscription<T>? Find(Guid subscriptionId)
    {
        lock (_lock)
        {
            return _subscriptions.GetValueOrDefault(subscriptionId);
        }
    }
}

/// <summary>What the provider keeps per stream, whatever its item type.</summary>
internal interface IStreamAgent
{
    Type ItemType { get; }
}
