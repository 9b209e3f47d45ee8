namespace ChatDb.Runtime.Streams;

/// <summary>
/// One stream of one provider (Orleans' <c>IAsyncStream&lt;T&gt;</c>): produce with
/// <see cref="OnNextAsync"/>, consume with <see cref="SubscribeAsync"/>. Inside a grain, a
/// subscription belongs to the grain (durable, survives deactivation, resumed with
/// <see cref="StreamSubscriptionHandle{T}.ResumeAsync"/>); elsewhere it belongs to the observer object
/// and lives as long as the process.
/// </summary>
public interface IAsyncStream<T>
{
    StreamId StreamId { get; }

    string ProviderName { get; }

    bool IsRewindable { get; }

    /// <summary>
    /// Publishes <paramref name="item"/>. Completes once the item is stored (durably, for the persistent
    /// provider) and queued for every subscriber; never waits for consumers. Items of one producer keep
    /// the order of its calls. <paramref name="token"/> is not supported (the provider assigns positions)
    /// and must be null.
    /// </summary>
    /// <returns>The position the item was given.</returns>
    Task<StreamSequenceToken> OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>Publishes <paramref name="items"/> as one group, in order; returns the position of the last one.</summary>
    Task<StreamSequenceToken> OnNextBatchAsync(IEnumerable<T> items, StreamSequenceToken? token = null);

    /// <summary>
    /// Subscribes <paramref name="observer"/>. Without a token it receives the items published after
    /// this call completes; with one, every item after that token still available (see <see cref="StreamSequenceToken"/>).
    /// </summary>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);

    /// <summary>
    /// In a grain: the grain's explicit subscriptions to this stream (to resume in <c>OnActivateAsync</c>).
    /// Elsewhere: the in-process subscriptions to this stream.
    /// </summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();

    /// <summary>The position of the last item published, <see cref="StreamSequenceToken.Beginning"/> when there is none.</summary>
    Task<StreamSequenceToken> GetLastTokenAsync();
}
