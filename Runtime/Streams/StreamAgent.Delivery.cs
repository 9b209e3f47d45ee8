namespace ChatDb.Runtime.Streams;

/// <summary>The per-subscription delivery pump (see the policy on <see cref="StreamAgent{T}"/>).</summary>
internal sealed partial class StreamAgent<T>
{
    private void Kick(StreamSubscription<T> subscription)
    {
        if (subscription.Kick())
        {
            // The pump never runs on a producer's or a grain's thread, and carries no call chain of theirs.
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Agent.PumpAsync(state.Subscription), (Agent: this, Subscription: subscription), preferLocal: false);
        }
    }

    private async Task PumpAsync(StreamSubscription<T> subscription)
    {
        try
        {
            while (true)
            {
                var (after, generation, removed) = subscription.TakeWork();
                var upTo = LastSequence;

                // A stopped silo activates nothing more; positions stay where they are for the next start.
                if (_provider.StoppingToken.IsCancellationRequested)
                {
                    subscription.Stopped();
                    return;
                }

                if (removed || after >= upTo)
                {
                    if (subscription.TryStop())
                    {
                        return;
                    }

                    continue;
                }

                var read = await _store.ReadAsync(after, upTo, _provider.DeliveryBatchSize, _provider.StoppingToken).ConfigureAwait(false);
                StreamDataNotAvailableException? lost = null;
                if (read.LostUpTo > after)
                {
                    lost = new StreamDataNotAvailableException(StreamId, subscription.Id, after + 1, read.LostUpTo, _store.BufferCapacity);
                    Log.ItemsLost(_provider.Name, StreamId, subscription.Id, after + 1, read.LostUpTo);
                }
                else if (read.Items.Count == 0)
                {
                    Log.ItemsMissing(_provider.Name, StreamId, subscription.Id, after + 1, upTo);
                    subscription.Stopped();
                    return;
                }

                await DeliverAsync(subscription, generation, read.Items, lost).ConfigureAwait(false);
                var delivered = read.Items.Count > 0 ? read.Items[^1].Sequence : read.LostUpTo;
                if (subscription.Advance(delivered, generation) && _store.IsDurable && subscription.Consumer is not null)
                {
                    MarkCursorChanged();
                    await SaveRecordAsync(force: false).ConfigureAwait(false);
                }
            }
        }
        catch (Exception error)
        {
            Log.PumpFailed(error, _provider.Name, StreamId, subscription.Id);
            subscription.Stopped();
        }
    }

    private async Task DeliverAsync(StreamSubscription<T> subscription, int generation, IReadOnlyList<StreamItem<T>> items, Exception? lost)
    {
        if (subscription.Consumer is { } consumer)
        {
            try
            {
                await _provider.Catalog.InvokeAsync(consumer, new StreamDeliveryRequest<T>(this, subscription, generation, items, lost)).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Log.DeliveryFailed(error, _provider.Name, StreamId, subscription.Id, consumer, items.Count);
            }

            return;
        }

        if (subscription.LocalObserver is not { } observer)
        {
            return;
        }

        if (lost is not null)
        {
            await CallObserverAsync(subscription, () => observer.OnErrorAsync(lost), token: null).ConfigureAwait(false);
        }

        foreach (var item in items)
        {
            if (subscription.Generation != generation)
            {
                break;
            }

            await CallObserverAsync(subscription, () => observer.OnNextAsync(item.Value, item.Token), item.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Calls a consumer; its failure is logged and delivery goes on. Captures no context: inside a grain turn it stays on the grain's scheduler.</summary>
    internal async Task CallObserverAsync(StreamSubscription<T> subscription, Func<Task> call, StreamSequenceToken? token)
    {
        try
        {
            await call();
        }
        catch (Exception error)
        {
            Log.ConsumerFailed(error, _provider.Name, StreamId, subscription.Id, subscription.Consumer?.ToString() ?? "in-process observer", token?.ToString() ?? "-");
        }
    }
}
