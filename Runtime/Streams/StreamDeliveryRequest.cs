namespace ChatDb.Runtime.Streams;

/// <summary>
/// Delivers a batch of a subscription's items to its consumer grain as one request: the grain is
/// activated if needed, the delivery counts as activity and runs as a turn under the grain's usual
/// (non-)reentrancy rules. Inside the turn, each item goes to the observer the activation attached;
/// an implicit subscriber without one is first offered <see cref="IStreamSubscriptionObserver.OnSubscribed"/>.
/// </summary>
internal sealed class StreamDeliveryRequest<T>(
    StreamAgent<T> agent,
    StreamSubscription<T> subscription,
    int generation,
    IReadOnlyList<StreamItem<T>> items,
    Exception? error) : GrainRequest<VoidResult>
{
    private static readonly GrainMethodDescriptor Method =
        GrainMethodDescriptor.CreateInternal("stream-delivery", typeof(StreamDeliveryRequest<T>), alwaysInterleave: false, countsAsActivity: true);

    public override GrainMethodDescriptor GetMethod() => Method;

    // Runs on the activation's scheduler: no ConfigureAwait(false), observer code is grain code.
    public override async ValueTask<VoidResult> InvokeAsync(object grain)
    {
        var activation = Activation!;
        if (subscription.Generation != generation)
        {
            return default;
        }

        var observer = ActivationStreamObservers.Find<T>(activation, subscription.Id);
        if (observer is null && subscription.IsImplicit && grain is IStreamSubscriptionObserver subscriber)
        {
            await subscriber.OnSubscribed(new ImplicitHandleFactory<T>(agent, subscription.Id));
            observer = ActivationStreamObservers.Find<T>(activation, subscription.Id);
        }

        if (observer is null)
        {
            agent.Log.NoObserver(agent.ProviderName, agent.StreamId, subscription.Id, activation.GrainId, items.Count);
            return default;
        }

        if (error is not null)
        {
            await agent.CallObserverAsync(subscription, () => observer.OnErrorAsync(error), null);
        }

        foreach (var item in items)
        {
            // ResumeAsync with a token (a rewind) inside an earlier item's handler ends this batch.
            if (subscription.Generation != generation)
            {
                break;
            }

            await agent.CallObserverAsync(subscription, () => observer.OnNextAsync(item.Value, item.Token), item.Token);
        }

        return default;
    }
}

/// <summary>The factory an implicit subscriber gets in <see cref="IStreamSubscriptionObserver.OnSubscribed"/>.</summary>
internal sealed class ImplicitHandleFactory<TItem>(StreamAgent<TItem> agent, Guid subscriptionId) : IStreamSubscriptionHandleFactory
{
    public StreamId StreamId => agent.StreamId;

    public string ProviderName => agent.ProviderName;

    public Guid SubscriptionId => subscriptionId;

    public StreamSubscriptionHandle<T> Create<T>() =>
        agent is StreamAgent<T> typed
            ? new StreamSubscriptionHandle<T>(typed, subscriptionId)
            : throw new InvalidOperationException(
                $"Stream {ProviderName}:{StreamId} carries {typeof(TItem).Name} items; its implicit subscription handle cannot be created for {typeof(T).Name}.");
}
