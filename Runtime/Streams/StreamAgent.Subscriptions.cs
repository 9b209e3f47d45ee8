using ChatDb.Runtime.Storage;
using ChatDb.Storage;

namespace ChatDb.Runtime.Streams;

/// <summary>
/// Subscribing, resuming and unsubscribing, and the durable subscription record. A grain's
/// subscription is recorded in the pub/sub store before <c>SubscribeAsync</c> returns; an in-process
/// observer's is not recorded at all. The record is written by this agent only, one write at a time;
/// cursor updates that pile up while a write runs are folded into the next one.
/// </summary>
internal sealed partial class StreamAgent<T>
{
    private readonly SemaphoreSlim _recordGate = new(1, 1);
    private GrainState<PubSubState>? _record;
    private long _changes;
    private long _savedChanges;

    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token, ActivationData? activation)
    {
        await EnsureLoadedAsync().ConfigureAwait(false);
        if (activation is null)
        {
            var local = Add(consumer: null, token, observer);
            Kick(local);
            return new StreamSubscriptionHandle<T>(this, local.Id);
        }

        if (_provider.PubSubStorage is null)
        {
            throw new ConfigurationError(
                $"Grain {activation.GrainId} cannot subscribe to stream {_provider.Name}:{StreamId}: grain subscriptions are recorded in the grain storage "
                + $"provider named '{_provider.PubSubStorageName}' (or, failing that, '{StorageProviderNames.Default}'), and neither is registered.");
        }

        var subscription = Add(activation.GrainId, token, localObserver: null);

        // Attached before the record is written: a reentrant grain could receive the first item meanwhile.
        ActivationStreamObservers.Attach(activation, subscription.Id, observer);
        try
        {
            await SaveRecordAsync(force: true).ConfigureAwait(false);
        }
        catch
        {
            Drop(subscription);
            ActivationStreamObservers.Detach(activation, subscription.Id);
            throw;
        }

        Kick(subscription);
        return new StreamSubscriptionHandle<T>(this, subscription.Id);
    }

    public async Task ResumeAsync(Guid subscriptionId, IAsyncObserver<T> observer, StreamSequenceToken? token, ActivationData? activation)
    {
        await EnsureLoadedAsync().ConfigureAwait(false);
        var subscription = Find(subscriptionId) ?? throw new InvalidOperationException(
            $"Subscription {subscriptionId} to stream {_provider.Name}:{StreamId} does not exist (it was unsubscribed); subscribe again.");
        if (subscription.Consumer is { } consumer)
        {
            if (activation is null || activation.GrainId != consumer)
            {
                var caller = activation is null ? "code outside any grain" : $"grain {activation.GrainId}";
                throw new InvalidOperationException(
                    $"Subscription {subscriptionId} to stream {_provider.Name}:{StreamId} belongs to grain {consumer}; {caller} cannot resume it (only the subscribed grain can).");
            }

            ActivationStreamObservers.Attach(activation, subscriptionId, observer);
        }
        else
        {
            subscription.LocalObserver = observer;
        }

        if (token is not null)
        {
            subscription.Rewind(token.SequenceNumber);
        }

        Kick(subscription);
    }

    public async Task UnsubscribeAsync(Guid subscriptionId)
    {
        await EnsureLoadedAsync().ConfigureAwait(false);
        var subscription = Find(subscriptionId);
        if (subscription is null)
        {
            return;
        }

        if (subscription.IsImplicit)
        {
            throw new InvalidOperationException(
                $"Subscription {subscriptionId} of grain {subscription.Consumer} to stream {_provider.Name}:{StreamId} is implicit ([ImplicitStreamSubscription]); it cannot be unsubscribed.");
        }

        Drop(subscription);
        if (subscription.Consumer is not null)
        {
            await SaveRecordAsync(force: true).ConfigureAwait(false);
        }
    }

    public async Task<IList<StreamSubscriptionHandle<T>>> GetHandlesAsync(ActivationData? activation)
    {
        await EnsureLoadedAsync().ConfigureAwait(false);
        var consumer = activation?.GrainId;
        return Snapshot()
            .Where(s => !s.IsImplicit && s.Consumer == consumer)
            .Select(s => new StreamSubscriptionHandle<T>(this, s.Id))
            .ToList();
    }

    private StreamSubscription<T> Add(GrainId? consumer, StreamSequenceToken? token, IAsyncObserver<T>? localObserver)
    {
        lock (_lock)
        {
            // Read under the same lock the writer advances it with: no item falls between position and registration.
            var cursor = token?.SequenceNumber ?? _lastSequence;
            var subscription = new StreamSubscription<T>(Guid.NewGuid(), consumer, isImplicit: false, cursor, localObserver);
            _subscriptions.Add(subscription.Id, subscription);
            _changes++;
            return subscription;
        }
    }

    private void Drop(StreamSubscription<T> subscription)
    {
        subscription.Remove();
        lock (_lock)
        {
            _subscriptions.Remove(subscription.Id);
            _changes++;
        }
    }

    private async Task<IReadOnlyList<PubSubSubscription>> ReadRecordAsync()
    {
        if (_provider.PubSubStorage is not { } storage)
        {
            return [];
        }

        var record = new GrainState<PubSubState>(new PubSubState());
        await storage.ReadStateAsync(_provider.PubSubStateName, StreamStorageIds.ToGrainId(StreamId), record).ConfigureAwait(false);
        record.State ??= new PubSubState();
        _record = record;
        return record.State.Subscriptions;
    }

    /// <summary>Writes the grain subscriptions and their cursors; skipped when a later write already covered this change.</summary>
    private async Task SaveRecordAsync(bool force)
    {
        if (_provider.PubSubStorage is not { } storage)
        {
            return;
        }

        long wanted;
        lock (_lock)
        {
            wanted = _changes;
        }

        await _recordGate.WaitAsync().ConfigureAwait(false);
        try
        {
            long covering;
            PubSubState state;
            lock (_lock)
            {
                if (!force && _savedChanges >= wanted)
                {
                    return;
                }

                covering = _changes;
                state = new PubSubState
                {
                    Subscriptions = _subscriptions.Values
                        .Where(s => s.Consumer is not null)
                        .Select(s => new PubSubSubscription(s.Id, s.Consumer!.Value.Type.Value, s.Consumer.Value.Key, s.IsImplicit, s.Cursor))
                        .ToList(),
                };
            }

            var record = _record ??= new GrainState<PubSubState>(state);
            record.State = state;
            await storage.WriteStateAsync(_provider.PubSubStateName, StreamStorageIds.ToGrainId(StreamId), record).ConfigureAwait(false);
            lock (_lock)
            {
                _savedChanges = Math.Max(_savedChanges, covering);
            }
        }
        finally
        {
            _recordGate.Release();
        }
    }

    private void MarkCursorChanged()
    {
        lock (_lock)
        {
            _changes++;
        }
    }
}
