using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Streams;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests.Grains;

/// <summary>Publishes strings on a stream, awaiting each one (one producer, order of calls).</summary>
public interface IStreamProducerGrain : IGrainWithStringKey
{
    Task PublishAsync(string provider, string streamNamespace, string streamKey, string[] items);
}

/// <summary>
/// Subscribes explicitly and records what it receives in the probe journal "{key}/received"; resumes
/// its subscriptions in <c>OnActivateAsync</c>, counting activations in "{key}/activations".
/// Items starting with "boom" make its observer throw after recording them.
/// </summary>
public interface IStreamConsumerGrain : IGrainWithStringKey
{
    /// <summary>Subscribes; with <c>afterSequence</c> >= 0 the items after that sequence number are replayed first.</summary>
    Task SubscribeAsync(string provider, string streamNamespace, string streamKey, long afterSequence);

    Task ResumeAfterAsync(string provider, string streamNamespace, string streamKey, long afterSequence);

    Task UnsubscribeAllAsync(string provider, string streamNamespace, string streamKey);

    Task<int> CountSubscriptionsAsync(string provider, string streamNamespace, string streamKey);

    Task DeactivateAsync();
}

public interface IImplicitStreamConsumerGrain : IGrainWithStringKey
{
    Task<string> GetKeyAsync();
}

public sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    public async Task PublishAsync(string provider, string streamNamespace, string streamKey, string[] items)
    {
        var stream = this.GetStreamProvider(provider).GetStream<string>(StreamId.Create(streamNamespace, streamKey));
        foreach (var item in items)
        {
            await stream.OnNextAsync(item);
        }
    }
}

public sealed class SubscribedStreams
{
    public List<string> Streams { get; set; } = [];
}

public sealed class StreamConsumerGrain([PersistentState("subscribed")] IPersistentState<SubscribedStreams> subscribed) : Grain, IStreamConsumerGrain
{
    private string Key => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Increment(Key + "/activations");
        foreach (var entry in subscribed.State.Streams)
        {
            var parts = entry.Split('|');
            foreach (var handle in await Stream(parts[0], parts[1], parts[2]).GetAllSubscriptionHandles())
            {
                await handle.ResumeAsync(OnItemAsync);
            }
        }
    }

    public async Task SubscribeAsync(string provider, string streamNamespace, string streamKey, long afterSequence)
    {
        var after = afterSequence >= 0 ? new StreamSequenceToken(afterSequence) : null;
        await Stream(provider, streamNamespace, streamKey).SubscribeAsync(OnItemAsync, after);
        var entry = $"{provider}|{streamNamespace}|{streamKey}";
        if (!subscribed.State.Streams.Contains(entry))
        {
            subscribed.State.Streams.Add(entry);
            await subscribed.WriteStateAsync();
        }
    }

    public async Task ResumeAfterAsync(string provider, string streamNamespace, string streamKey, long afterSequence)
    {
        foreach (var handle in await Stream(provider, streamNamespace, streamKey).GetAllSubscriptionHandles())
        {
            await handle.ResumeAsync(OnItemAsync, new StreamSequenceToken(afterSequence));
        }
    }

    public async Task UnsubscribeAllAsync(string provider, string streamNamespace, string streamKey)
    {
        foreach (var handle in await Stream(provider, streamNamespace, streamKey).GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }
    }

    public async Task<int> CountSubscriptionsAsync(string provider, string streamNamespace, string streamKey) =>
        (await Stream(provider, streamNamespace, streamKey).GetAllSubscriptionHandles()).Count;

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Probe.Increment(Key + "/deactivations");
        return Task.CompletedTask;
    }

    private IAsyncStream<string> Stream(string provider, string streamNamespace, string streamKey) =>
        this.GetStreamProvider(provider).GetStream<string>(StreamId.Create(streamNamespace, streamKey));

    private Task OnItemAsync(string item, StreamSequenceToken? token)
    {
        // Grain code: must run on this activation's scheduler, one item at a time.
        if (ActivationTaskScheduler.CurrentActivation?.GrainId != GrainId)
        {
            Probe.Record(Key + "/errors", $"{item} delivered outside the grain's turn");
        }

        Probe.Record(Key + "/received", item);
        Probe.Record(Key + "/tokens", token?.ToString() ?? "none");
        return item.StartsWith("boom", StringComparison.Ordinal)
            ? throw new InvalidOperationException($"consumer {Key} refuses {item}")
            : Task.CompletedTask;
    }
}

[ImplicitStreamSubscription(StreamGrainNames.ImplicitNamespace)]
public sealed class ImplicitStreamConsumerGrain : Grain, IImplicitStreamConsumerGrain, IStreamSubscriptionObserver
{
    public Task<string> GetKeyAsync() => Task.FromResult(this.GetPrimaryKeyString());

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Probe.Increment(this.GetPrimaryKeyString() + "/activations");
        return Task.CompletedTask;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        Probe.Record(this.GetPrimaryKeyString() + "/subscribed", $"{handleFactory.ProviderName}:{handleFactory.StreamId}");
        await handleFactory.Create<string>().ResumeAsync((item, _) =>
        {
            Probe.Record(this.GetPrimaryKeyString() + "/received", item);
            return Task.CompletedTask;
        });
    }
}

public static class StreamGrainNames
{
    public const string ImplicitNamespace = "implicit-test";
}

/// <summary>Subscribes to the memory stream "nostore/{key}" from inside a grain.</summary>
public interface IStreamProducerConsumerProbe : IGrainWithStringKey
{
    Task SubscribeAsync();
}

public sealed class StreamProducerConsumerProbeGrain : Grain, IStreamProducerConsumerProbe
{
    public async Task SubscribeAsync() =>
        await this.GetStreamProvider("mem").GetStream<string>(StreamId.Create("nostore", this.GetPrimaryKeyString()))
            .SubscribeAsync((_, _) => Task.CompletedTask);
}
