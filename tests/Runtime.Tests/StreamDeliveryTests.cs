using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Streams;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

public sealed class StreamDeliveryTests
{
    [Theory]
    [InlineData(StreamSilo.Memory)]
    [InlineData(StreamSilo.Persistent)]
    public async Task InProcessObserver_ReceivesEveryItemOfOneProducer_InOrder_EvenWhenNotAwaitedOneByOne(string provider)
    {
        await using var silo = await StreamSilo.StartAsync();
        var stream = silo.Stream(provider, "order", Probe.NewKey("s"));
        var collector = new StreamCollector<string>();
        await stream.SubscribeAsync(collector);
        var expected = Enumerable.Range(0, 1000).Select(i => $"item-{i}").ToArray();

        var published = expected.Select(item => stream.OnNextAsync(item)).ToArray();
        var tokens = await Task.WhenAll(published);

        await collector.WaitForCountAsync(expected.Length, $"on {provider}");
        Assert.Equal(expected, collector.Items);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), tokens.Select(t => t.SequenceNumber));
        Assert.Equal(tokens, collector.Tokens);
        Assert.Equal(new StreamSequenceToken(1000), await stream.GetLastTokenAsync());
    }

    [Theory]
    [InlineData(StreamSilo.Memory)]
    [InlineData(StreamSilo.Persistent)]
    public async Task GrainProducer_ToGrainConsumer_DeliversInOrder_AsTurnsOfTheConsumer(string provider)
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        await silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey).SubscribeAsync(provider, "chat", streamKey, -1);
        var items = Enumerable.Range(0, 300).Select(i => $"m{i}").ToArray();

        await silo.Grains.GetGrain<IStreamProducerGrain>(Probe.NewKey("producer")).PublishAsync(provider, "chat", streamKey, items);

        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count >= items.Length, $"{consumerKey} to receive {items.Length} items");
        Assert.Equal(items, Probe.Entries(consumerKey + "/received"));
        Assert.Empty(Probe.Entries(consumerKey + "/errors"));
    }

    [Fact]
    public async Task TwoSubscriptionsOnOneStream_EachGetEveryItem()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var stream = silo.Stream(StreamSilo.Memory, "fanout", streamKey);
        var first = new StreamCollector<string>();
        var second = new StreamCollector<string>();
        var consumerKey = Probe.NewKey("consumer");
        await stream.SubscribeAsync(first);
        await stream.SubscribeAsync(second);
        await silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey).SubscribeAsync(StreamSilo.Memory, "fanout", streamKey, -1);

        foreach (var item in new[] { "a", "b", "c" })
        {
            await stream.OnNextAsync(item);
        }

        await first.WaitForCountAsync(3, "by the first observer");
        await second.WaitForCountAsync(3, "by the second observer");
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 3, $"{consumerKey} to receive 3 items");
        Assert.Equal(["a", "b", "c"], first.Items);
        Assert.Equal(["a", "b", "c"], second.Items);
        Assert.Equal(["a", "b", "c"], Probe.Entries(consumerKey + "/received"));
        Assert.Equal(2, (await stream.GetAllSubscriptionHandles()).Count);
    }

    [Fact]
    public async Task Unsubscribe_StopsDelivery_AndRemovesTheHandle()
    {
        await using var silo = await StreamSilo.StartAsync();
        var stream = silo.Stream(StreamSilo.Memory, "unsub", Probe.NewKey("s"));
        var leaving = new StreamCollector<string>();
        var staying = new StreamCollector<string>();
        var handle = await stream.SubscribeAsync(leaving);
        await stream.SubscribeAsync(staying);
        await stream.OnNextAsync("before");
        await leaving.WaitForCountAsync(1, "before unsubscribing");

        await handle.UnsubscribeAsync();
        await stream.OnNextAsync("after-1");
        await stream.OnNextAsync("after-2");

        await staying.WaitForCountAsync(3, "by the remaining observer");
        Assert.Equal(["before"], leaving.Items);
        Assert.DoesNotContain(handle, await stream.GetAllSubscriptionHandles());
    }

    [Fact]
    public async Task GrainUnsubscribe_StopsDeliveryToTheGrain()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey);
        var stream = silo.Stream(StreamSilo.Persistent, "unsub", streamKey);
        var witness = new StreamCollector<string>();
        await stream.SubscribeAsync(witness);
        await consumer.SubscribeAsync(StreamSilo.Persistent, "unsub", streamKey, -1);
        await stream.OnNextAsync("one");
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 1, $"{consumerKey} to receive 'one'");

        await consumer.UnsubscribeAllAsync(StreamSilo.Persistent, "unsub", streamKey);
        await stream.OnNextAsync("two");
        await witness.WaitForCountAsync(2, "by the witness");
        await consumer.DeactivateAsync();
        await stream.OnNextAsync("three");
        await witness.WaitForCountAsync(3, "by the witness");

        Assert.Equal(0, await consumer.CountSubscriptionsAsync(StreamSilo.Persistent, "unsub", streamKey));
        Assert.Equal(["one"], Probe.Entries(consumerKey + "/received"));
    }

    [Fact]
    public async Task ConsumerThatThrows_DoesNotStopTheStream()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var stream = silo.Stream(StreamSilo.Memory, "boom", streamKey);
        var collector = new StreamCollector<string>(throwOn: item => item.StartsWith("boom", StringComparison.Ordinal));
        var consumerKey = Probe.NewKey("consumer");
        await stream.SubscribeAsync(collector);
        await silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey).SubscribeAsync(StreamSilo.Memory, "boom", streamKey, -1);

        foreach (var item in new[] { "a", "boom-1", "b", "boom-2", "c" })
        {
            await stream.OnNextAsync(item);
        }

        await collector.WaitForCountAsync(5, "despite the throwing ones");
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 5, $"{consumerKey} to receive all 5 items");
        Assert.Equal(["a", "boom-1", "b", "boom-2", "c"], collector.Items);
        Assert.Equal(["a", "boom-1", "b", "boom-2", "c"], Probe.Entries(consumerKey + "/received"));
    }

    [Theory]
    [InlineData(StreamSilo.Memory)]
    [InlineData(StreamSilo.Persistent)]
    public async Task ImplicitSubscription_ActivatesTheGrainWithTheStreamKey_AndDeliversEveryItem(string provider)
    {
        await using var silo = await StreamSilo.StartAsync();
        var key = Probe.NewKey("implicit");
        var stream = silo.Stream(provider, StreamGrainNames.ImplicitNamespace, key);

        await stream.OnNextAsync("x");
        await stream.OnNextAsync("y");

        await Waits.ForAsync(() => Probe.Entries(key + "/received").Count == 2, $"implicit consumer {key} to receive 2 items");
        Assert.Equal(["x", "y"], Probe.Entries(key + "/received"));
        Assert.Equal([$"{provider}:{StreamGrainNames.ImplicitNamespace}/{key}"], Probe.Entries(key + "/subscribed"));
        Assert.Equal(1, Probe.Count(key + "/activations"));
        Assert.Equal(key, await silo.Grains.GetGrain<IImplicitStreamConsumerGrain>(key).GetKeyAsync());
    }

    [Fact]
    public async Task MemoryProvider_RewindPastItsBuffer_ReportsTheLostItems_ThenDeliversWhatIsLeft()
    {
        await using var silo = await SiloHarness.StartAsync(s =>
        {
            s.Services.AddMemoryGrainStorageAsDefault();
            s.AddMemoryStreams("small", o => o.Configure(options => options.MaxBufferedItems = 4));
        });
        var stream = silo.Host.Services.GetStreamProvider("small").GetStream<int>(StreamId.Create("ring", Probe.NewKey("s")));
        await stream.OnNextBatchAsync(Enumerable.Range(1, 10));
        var collector = new StreamCollector<int>();

        await stream.SubscribeAsync(collector, StreamSequenceToken.Beginning);

        await collector.WaitForCountAsync(4, "still buffered");
        Assert.Equal([7, 8, 9, 10], collector.Items);
        var lost = Assert.IsType<StreamDataNotAvailableException>(Assert.Single(collector.Errors));
        Assert.Equal((1, 6), (lost.FirstMissing, lost.LastMissing));
    }

    [Fact]
    public async Task SubscribeWithToken_OnPersistentProvider_ReplaysEveryItemAfterIt()
    {
        await using var silo = await StreamSilo.StartAsync();
        var stream = silo.Stream(StreamSilo.Persistent, "replay", Probe.NewKey("s"));
        await stream.OnNextBatchAsync(["1", "2", "3", "4", "5"]);
        var collector = new StreamCollector<string>();

        await stream.SubscribeAsync(collector, new StreamSequenceToken(2));
        await stream.OnNextAsync("6");

        await collector.WaitForCountAsync(4, "replayed and live");
        Assert.Equal(["3", "4", "5", "6"], collector.Items);
        Assert.Equal([3L, 4, 5, 6], collector.Tokens.Select(t => t!.SequenceNumber));
    }
}
