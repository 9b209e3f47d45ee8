using ChatDb.Runtime.Storage;
using ChatDb.Storage;

namespace ChatDb.Runtime.Streams;

/// <summary>
/// The write side: producers queue their items synchronously (so the order of one producer's calls is
/// the order in the stream, awaited or not), and one writer at a time stores everything queued as one
/// append (group commit). Producers wait for their append, never for consumers.
/// </summary>
internal sealed partial class StreamAgent<T>
{
    private readonly Queue<PendingAppend> _pending = new();
    private int _pendingItems;
    private bool _writing;

    public Task<StreamSequenceToken> PublishAsync(IReadOnlyList<T> items)
    {
        if (items.Count == 0)
        {
            return Task.FromResult(new StreamSequenceToken(LastSequence));
        }

        var append = new PendingAppend(items);
        bool startWriter;
        lock (_lock)
        {
            if (_pendingItems + items.Count > _provider.MaxPendingItems)
            {
                return Task.FromException<StreamSequenceToken>(new StorageLimitExceeded(
                    nameof(StreamProviderOptions.MaxPendingItems), _provider.MaxPendingItems, _pendingItems + items.Count,
                    $"Stream {_provider.Name}:{StreamId}: items waiting to be stored"));
            }

            _pending.Enqueue(append);
            _pendingItems += items.Count;
            startWriter = !_writing;
            _writing = true;
        }

        if (startWriter)
        {
            _ = Task.Run(WriteLoopAsync);
        }

        return append.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            var loadError = await TryEnsureLoadedAsync().ConfigureAwait(false);
            List<PendingAppend> group;
            lock (_lock)
            {
                group = [.. _pending];
                _pending.Clear();
                if (group.Count == 0 || loadError is not null)
                {
                    // A failed load fails the queued producers; the next publish tries to load again.
                    _pendingItems = 0;
                    _writing = false;
                }
            }

            if (group.Count == 0)
            {
                return;
            }

            if (loadError is not null)
            {
                foreach (var append in group)
                {
                    append.Completion.TrySetException(loadError);
                }

                return;
            }

            var items = new List<T>();
            foreach (var append in group)
            {
                items.AddRange(append.Items);
            }

            var first = LastSequence + 1;
            try
            {
                await _store.AppendAsync(items, first - 1, _provider.StoppingToken).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Log.AppendFailed(error, _provider.Name, StreamId, items.Count);
                lock (_lock)
                {
                    _pendingItems -= items.Count;
                }

                // The store may have changed under us (a second writer): reload before the next append.
                if (error is InconsistentStateException)
                {
                    await ReloadCountAsync().ConfigureAwait(false);
                }

                foreach (var append in group)
                {
                    append.Completion.TrySetException(error);
                }

                continue;
            }

            lock (_lock)
            {
                _lastSequence = first + items.Count - 1;
                _pendingItems -= items.Count;
            }

            var next = first;
            foreach (var append in group)
            {
                next += append.Items.Count;
                append.Completion.TrySetResult(new StreamSequenceToken(next - 1));
            }

            foreach (var subscription in Snapshot())
            {
                Kick(subscription);
            }
        }
    }

    /// <summary>The load's error, or null once loaded.</summary>
    private async Task<Exception?> TryEnsureLoadedAsync()
    {
        try
        {
            await EnsureLoadedAsync().ConfigureAwait(false);
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    private async Task ReloadCountAsync()
    {
        try
        {
            var count = await _store.LoadAsync(_provider.StoppingToken).ConfigureAwait(false);
            lock (_lock)
            {
                _lastSequence = count;
            }
        }
        catch (Exception error)
        {
            Log.AppendFailed(error, _provider.Name, StreamId, 0);
        }
    }

    private sealed class PendingAppend(IReadOnlyList<T> items)
    {
        public IReadOnlyList<T> Items { get; } = items;

        public TaskCompletionSource<StreamSequenceToken> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
