namespace ChatDb.Runtime.Streams;

/// <summary>
/// The <see cref="IAsyncStream{T}"/> handed out by a provider: a thin view on the stream's agent. Who
/// calls matters: inside a grain turn, subscriptions belong to that grain.
/// </summary>
internal sealed class AsyncStream<T>(StreamAgent<T> agent) : IAsyncStream<T>
{
    public StreamId StreamId => agent.StreamId;

    public string ProviderName => agent.ProviderName;

    public bool IsRewindable => true;

    public Task<StreamSequenceToken> OnNextAsync(T item, StreamSequenceToken? token = null)
    {
        RejectToken(token);
        return agent.PublishAsync([item]);
    }

    public Task<StreamSequenceToken> OnNextBatchAsync(IEnumerable<T> items, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        RejectToken(token);
        return agent.PublishAsync(items.ToList());
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return agent.SubscribeAsync(observer, token, ActivationTaskScheduler.CurrentActivation);
    }

    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles() => agent.GetHandlesAsync(ActivationTaskScheduler.CurrentActivation);

    public async Task<StreamSequenceToken> GetLastTokenAsync()
    {
        await agent.EnsureLoadedAsync().ConfigureAwait(false);
        return new StreamSequenceToken(agent.LastSequence);
    }

    public override string ToString() => $"{ProviderName}:{StreamId}";

    private void RejectToken(StreamSequenceToken? token)
    {
        if (token is not null)
        {
            throw new NotSupportedException(
                $"Stream {ProviderName}:{StreamId}: producers cannot choose positions (token {token}); the provider assigns sequence numbers. Pass no token.");
        }
    }
}
