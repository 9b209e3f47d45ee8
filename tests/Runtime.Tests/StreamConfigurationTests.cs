using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Streams;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using ChatDb.Storage;
using Microsoft.Extensions.Options;

namespace ChatDb.Runtime.Tests;

public sealed class StreamConfigurationTests
{
    [Fact]
    public async Task SameProviderNameTwice_IsAConfigurationError()
    {
        var error = await Assert.ThrowsAsync<ConfigurationError>(() => SiloHarness.StartAsync(silo =>
        {
            silo.AddMemoryStreams("twice");
            silo.AddPersistentStreams("twice");
        }));

        Assert.Contains("'twice'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidOptions_FailTheStart_NamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SiloHarness.StartAsync(silo =>
            silo.AddMemoryStreams("bad", o => o.Configure(options => options.MaxBufferedItems = 0))));

        Assert.Contains("Runtime:Streams:bad:MaxBufferedItems", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersistentProviderWithoutItsLogStorage_FailsTheStart_NamingTheProviders()
    {
        var error = await Assert.ThrowsAsync<ConfigurationError>(() => SiloHarness.StartAsync(silo =>
            silo.AddPersistentStreams("durable", o => o.Configure(options => options.LogStorageName = "nowhere"))));

        Assert.Contains("'durable'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownProviderName_IsAConfigurationError()
    {
        await using var silo = await StreamSilo.StartAsync();

        var error = Assert.Throws<ConfigurationError>(() => silo.Host.Services.GetStreamProvider("missing"));

        Assert.Contains("'missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrainSubscription_WithoutAnyPubSubStorage_IsAConfigurationError_ButInProcessObserversWork()
    {
        await using var silo = await SiloHarness.StartAsync(s => s.AddMemoryStreams(StreamSilo.Memory));
        var streamKey = Probe.NewKey("s");
        var stream = silo.Stream(StreamSilo.Memory, "nostore", streamKey);
        var collector = new StreamCollector<string>();
        await stream.SubscribeAsync(collector);
        await stream.OnNextAsync("x");
        await collector.WaitForCountAsync(1, "without any storage");

        var error = await Assert.ThrowsAsync<ConfigurationError>(
            () => silo.Grains.GetGrain<IStreamProducerConsumerProbe>(streamKey).SubscribeAsync());

        Assert.Contains("PubSubStore", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneStream_UsedWithTwoItemTypes_IsRefused()
    {
        await using var silo = await StreamSilo.StartAsync();
        var provider = silo.Host.Services.GetStreamProvider(StreamSilo.Memory);
        var id = StreamId.Create("typed", Probe.NewKey("s"));
        provider.GetStream<string>(id);

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetStream<int>(id));

        Assert.Contains(id.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProducerToken_IsRefused_BecauseTheProviderAssignsPositions()
    {
        await using var silo = await StreamSilo.StartAsync();
        var stream = silo.Stream(StreamSilo.Persistent, "token", Probe.NewKey("s"));

        await Assert.ThrowsAsync<NotSupportedException>(() => stream.OnNextAsync("x", new StreamSequenceToken(5)));
    }
}
