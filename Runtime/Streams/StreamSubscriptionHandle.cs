namespace ChatDb.Runtime.Streams;

/// <summary>
/// A subscription to a stream (Orleans' <c>StreamSubscriptionHandle&lt;T&gt;</c>). Handles are views:
/// two handles with the same <see cref="HandleId"/> name the same subscription, and a handle taken
/// before a grain deactivated still works in its next activation.
/// </summary>
public sealed class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    private readonly StreamAgent<T> _agent;

    internal StreamSubscriptionHandle(StreamAgent<T> agent, Guid handleId)
    {
        _agent = agent;
        HandleId = handleId;
    }

    /// <summary>The subscription id; stable across deactivations and silo restarts.</summary>
    public Guid HandleId { get; }

    public StreamId StreamId => _agent.StreamId;

    public string ProviderName => _agent.ProviderName;

    /// <summary>Ends the subscription: no further items are delivered, and a grain's subscription is removed from the pub/sub store.</summary>
    public Task UnsubscribeAsync() => _agent.UnsubscribeAsync(HandleId);

    /// <summary>
    /// Attaches <paramref name="observer"/> to this subscription. A grain calls it in
    /// <c>OnActivateAsync</c> for the handles from <c>GetAllSubscriptionHandles()</c>; delivery then
    /// continues after the last item the subscription received, so nothing is delivered twice. With a
    /// <paramref name="token"/>, delivery restarts after that token instead (a rewind).
    /// </summary>
    /// <exception cref="InvalidOperationException">The subscription no longer exists, or it belongs to another grain than the calling one.</exception>
    public async Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        await _agent.ResumeAsync(HandleId, observer, token, ActivationTaskScheduler.CurrentActivation);
        return this;
    }

    public bool Equals(StreamSubscriptionHandle<T>? other) =>
        other is not null && HandleId == other.HandleId && StreamId == other.StreamId && ProviderName == other.ProviderName;

    public override bool Equals(object? obj) => Equals(obj as StreamSubscriptionHandle<T>);

    public override int GetHashCode() => HandleId.GetHashCode();

    public override string ToString() => $"StreamSubscription {HandleId} on {ProviderName}:{StreamId}";
}
