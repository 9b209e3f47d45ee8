using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Storage.Memory;
using ChatDb.Runtime.Streams;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Tests;

public sealed class StreamSubscriptionLifecycleTests
{
    [Theory]
    [InlineData(StreamSilo.Memory)]
    [InlineData(StreamSilo.Persistent)]
    public async Task ExplicitSubscription_SurvivesDeactivation_ConsumerIsReactivated_NoDuplicatesNoneLost(string provider)
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey);
        var stream = silo.Stream(provider, "survive", streamKey);
        await consumer.SubscribeAsync(provider, "survive", streamKey, -1);
        await stream.OnNextBatchAsync(["a", "b"]);
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 2, $"{consumerKey} to receive a, b");

        await consumer.DeactivateAsync();
        await Waits.ForAsync(() => Probe.Count(consumerKey + "/deactivations") == 1, $"{consumerKey} to deactivate");
        Assert.Equal(0, silo.Catalog.Count);
        await stream.OnNextAsync("c");
        await stream.OnNextAsync("d");

        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count >= 4, $"reactivated {consumerKey} to receive c, d");
        var witness = new StreamCollector<string>();
        await stream.SubscribeAsync(witness, new StreamSequenceToken(3));
        await witness.WaitForCountAsync(1, "after the last item, proving delivery to the consumer had its chance");
        Assert.Equal(["a", "b", "c", "d"], Probe.Entries(consumerKey + "/received"));
        Assert.Equal(["1", "2", "3", "4"], Probe.Entries(consumerKey + "/tokens"));
        Assert.Equal(2, Probe.Count(consumerKey + "/activations"));
        Assert.Empty(Probe.Entries(consumerKey + "/errors"));
    }

    [Fact]
    public async Task ExplicitSubscription_SurvivesIdleCollection_AndDeliveryCountsAsActivity()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        var stream = silo.Stream(StreamSilo.Memory, "idle", streamKey);
        await silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey).SubscribeAsync(StreamSilo.Memory, "idle", streamKey, -1);

        // Deliveries keep the consumer alive: one every 10 minutes for 30 minutes, never idle for 15.
        for (var i = 1; i <= 3; i++)
        {
            silo.Clock.Advance(TimeSpan.FromMinutes(10));
            await stream.OnNextAsync($"kept-{i}");
            await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == i, $"{consumerKey} to receive kept-{i}");
        }

        Assert.Equal(0, Probe.Count(consumerKey + "/deactivations"));
        silo.Clock.Advance(TimeSpan.FromMinutes(16));
        await Waits.ForAsync(() => Probe.Count(consumerKey + "/deactivations") == 1, $"idle {consumerKey} to be collected");

        await stream.OnNextAsync("after-collection");

        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 4, $"collected {consumerKey} to be reactivated by the stream");
        Assert.Equal(["kept-1", "kept-2", "kept-3", "after-collection"], Probe.Entries(consumerKey + "/received"));
        Assert.Equal(2, Probe.Count(consumerKey + "/activations"));
    }

    [Fact]
    public async Task ResumeAsyncWithToken_OnPersistentProvider_ReplaysTheItemsAfterIt_OnceEach()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey);
        var stream = silo.Stream(StreamSilo.Persistent, "resume", streamKey);
        await consumer.SubscribeAsync(StreamSilo.Persistent, "resume", streamKey, -1);
        await stream.OnNextBatchAsync(["1", "2", "3", "4", "5"]);
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 5, $"{consumerKey} to receive 1..5");

        await consumer.ResumeAfterAsync(StreamSilo.Persistent, "resume", streamKey, 2);
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 8, $"{consumerKey} to receive the replay of 3..5");
        await stream.OnNextAsync("6");

        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count >= 9, $"{consumerKey} to receive 6");
        var witness = new StreamCollector<string>();
        await stream.SubscribeAsync(witness, new StreamSequenceToken(5));
        await witness.WaitForCountAsync(1, "after the last item");
        Assert.Equal(["1", "2", "3", "4", "5", "3", "4", "5", "6"], Probe.Entries(consumerKey + "/received"));
    }

    [Fact]
    public async Task ResumeAsyncWithoutToken_AfterDeactivation_ContinuesWhereDeliveryStopped()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey);
        var stream = silo.Stream(StreamSilo.Persistent, "continue", streamKey);
        await consumer.SubscribeAsync(StreamSilo.Persistent, "continue", streamKey, -1);
        await stream.OnNextAsync("1");
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 1, $"{consumerKey} to receive 1");
        await consumer.DeactivateAsync();
        await Waits.ForAsync(() => Probe.Count(consumerKey + "/deactivations") == 1, $"{consumerKey} to deactivate");

        // Reactivated by a plain call: OnActivateAsync resumes; nothing already delivered comes again.
        Assert.Equal(1, await consumer.CountSubscriptionsAsync(StreamSilo.Persistent, "continue", streamKey));
        await stream.OnNextBatchAsync(["2", "3"]);

        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count >= 3, $"{consumerKey} to receive 2, 3");
        Assert.Equal(["1", "2", "3"], Probe.Entries(consumerKey + "/received"));
    }

    [Fact]
    public async Task PersistentProvider_SurvivesSiloRestart_ItemsRewindable_GrainSubscriptionResumedWithoutDuplicates()
    {
        var grainStorage = new MemoryGrainStorage(StorageProviderNames.Default);
        var logStorage = new MemoryGrainLogStorage(StorageProviderNames.Default);
        await using var cluster = new TestClusterBuilder()
            .ConfigureSilo(silo =>
            {
                silo.AddGrains(typeof(StreamSubscriptionLifecycleTests).Assembly);

                // The same storage instances in every silo: they play the disk that outlives the process.
                silo.Services.AddKeyedSingleton<IGrainStorage>(StorageProviderNames.Default, grainStorage);
                silo.Services.AddKeyedSingleton<IGrainLogStorage>(StorageProviderNames.Default, logStorage);
                silo.AddPersistentStreams(StreamSilo.Persistent);
            })
            .Build();
        await cluster.DeployAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        var streamId = StreamId.Create("restart", streamKey);
        await cluster.Client.GetGrain<IStreamConsumerGrain>(consumerKey).SubscribeAsync(StreamSilo.Persistent, "restart", streamKey, -1);
        await cluster.Primary.Services.GetStreamProvider(StreamSilo.Persistent).GetStream<string>(streamId).OnNextBatchAsync(["1", "2", "3"]);
        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count == 3, $"{consumerKey} to receive 1..3");

        await cluster.RestartSiloAsync(cluster.Primary);
        var stream = cluster.Primary.Services.GetStreamProvider(StreamSilo.Persistent).GetStream<string>(streamId);
        var rewound = new StreamCollector<string>();
        await stream.SubscribeAsync(rewound, StreamSequenceToken.Beginning);
        await rewound.WaitForCountAsync(3, "rewound after the restart");
        await stream.OnNextAsync("4");

        await Waits.ForAsync(() => Probe.Entries(consumerKey + "/received").Count >= 4, $"{consumerKey} to receive 4 after the restart");
        await rewound.WaitForCountAsync(4, "including the new item");
        Assert.Equal(["1", "2", "3", "4"], rewound.Items);
        Assert.Equal(["1", "2", "3", "4"], Probe.Entries(consumerKey + "/received"));
        Assert.Equal(2, Probe.Count(consumerKey + "/activations"));
        Assert.Equal(new StreamSequenceToken(4), await stream.GetLastTokenAsync());
    }

    [Fact]
    public async Task GrainSubscription_IsRecordedInThePubSubStore_AndNotListedOutsideTheGrain()
    {
        await using var silo = await StreamSilo.StartAsync();
        var streamKey = Probe.NewKey("s");
        var consumerKey = Probe.NewKey("consumer");
        await silo.Grains.GetGrain<IStreamConsumerGrain>(consumerKey).SubscribeAsync(StreamSilo.Persistent, "owned", streamKey, -1);
        var record = new GrainState<PubSubState>(new PubSubState());
        await silo.Host.Services.GetRequiredKeyedService<IGrainStorage>(StorageProviderNames.Default)
            .ReadStateAsync(StreamStorageIds.PubSubStateName(StreamSilo.Persistent), StreamStorageIds.ToGrainId(StreamId.Create("owned", streamKey)), record);
        var subscription = Assert.Single(record.State.Subscriptions);
        Assert.Equal(GrainId.Create("streamconsumer", consumerKey), subscription.Consumer);
        Assert.False(subscription.IsImplicit);

        // Outside any grain the stream lists in-process subscriptions only, so the grain's handle is not there.
        var stream = silo.Stream(StreamSilo.Persistent, "owned", streamKey);
        Assert.Empty(await stream.GetAllSubscriptionHandles());
    }
}
