using System.Collections.Concurrent;
using ChatDb.Runtime.Streams;

namespace ChatDb.Runtime.Tests.Infrastructure;

/// <summary>An in-process observer that records items, tokens and errors; tests await counts instead of sleeping.</summary>
internal sealed class StreamCollector<T>(Func<T, bool>? throwOn = null) : IAsyncObserver<T>
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly ConcurrentQueue<StreamSequenceToken?> _tokens = new();
    private readonly ConcurrentQueue<Exception> _errors = new();

    public IReadOnlyList<T> Items => [.. _items];

    public int Count => _items.Count;

    public IReadOnlyList<StreamSequenceToken?> Tokens => [.. _tokens];

    public IReadOnlyList<Exception> Errors => [.. _errors];

    public Task OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        _items.Enqueue(item);
        _tokens.Enqueue(token);
        return throwOn?.Invoke(item) == true ? throw new InvalidOperationException($"collector refuses {item}") : Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        _errors.Enqueue(ex);
        return Task.CompletedTask;
    }

    public Task WaitForCountAsync(int count, string what) =>
        Waits.ForAsync(() => _items.Count >= count, $"{count} items {what} (have {_items.Count})");
}
