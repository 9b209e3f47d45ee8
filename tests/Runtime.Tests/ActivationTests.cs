using ChatDb.Runtime.Storage;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Tests;

public sealed class ActivationTests
{
    [Fact]
    public async Task GetGrain_ActivatesNothingUntilTheFirstCall()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("lazy");
        var grain = silo.Grains.GetGrain<ICountingGrain>(key);

        Assert.Equal(0, Probe.Count(key + "/constructed"));
        Assert.Equal(1, await grain.GetActivationNumberAsync());
        Assert.Equal(1, Probe.Count(key + "/constructed"));
    }

    [Fact]
    public async Task HundredParallelFirstCalls_ConstructExactlyOneActivation()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("race");

        var results = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => silo.Grains.GetGrain<ICountingGrain>(key).IncrementAsync())));

        Assert.Equal(1, Probe.Count(key + "/constructed"));
        Assert.Equal(Enumerable.Range(1, 100), results.Order());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GrainException_ReachesTheCallerWithTypeAndMessage_AndTheGrainStillWorks(bool throwAfterAwait)
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("throw");
        var grain = silo.Grains.GetGrain<ICountingGrain>(key);
        Assert.Equal(1, await grain.IncrementAsync());

        var error = await Assert.ThrowsAsync<GrainFailureException>(() => throwAfterAwait ? grain.ThrowAsync("boom 42") : grain.ThrowSynchronously("boom 42"));

        Assert.Equal("boom 42", error.Message);
        Assert.Equal(2, await grain.IncrementAsync());
        Assert.Equal(1, Probe.Count(key + "/constructed"));
    }

    [Fact]
    public async Task FailedOnActivateAsync_FailsTheCall_AndTheNextCallActivatesAfresh()
    {
        await using var silo = await SiloHarness.StartAsync();
        var id = Random.Shared.NextInt64(1, long.MaxValue);
        var grain = silo.Grains.GetGrain<IFlakyActivationGrain>(id);
        FlakyActivationGrain.FailuresLeft = 1;

        var error = await Assert.ThrowsAsync<GrainFailureException>(() => grain.GetKeyAsync());

        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(id, await grain.GetKeyAsync());
    }

    [Fact]
    public async Task InconsistentStateException_ReachesTheCaller_AndDeactivatesTheActivation()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("stale");
        var grain = silo.Grains.GetGrain<ICountingGrain>(key);
        await grain.IncrementAsync();

        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.ThrowInconsistentStateAsync());

        Assert.Equal("e1", error.StoredEtag);
        await Waits.ForAsync(() => Probe.Count(key + "/deactivated") == 1, $"{key} to deactivate");
        Assert.Equal(["ApplicationError"], Probe.Entries(key + "/deactivations"));
        Assert.Equal(2, await grain.GetActivationNumberAsync());
    }

    [Fact]
    public async Task DeactivateOnIdle_DeactivatesAfterTheRequest_AndTheNextCallGetsANewActivation()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("idle");
        var grain = silo.Grains.GetGrain<ICountingGrain>(key);

        await grain.DeactivateOnIdleAsync();
        await Waits.ForAsync(() => Probe.Count(key + "/deactivated") == 1, $"{key} to deactivate");

        Assert.Equal(["ApplicationRequested"], Probe.Entries(key + "/deactivations"));
        Assert.Equal(2, await grain.GetActivationNumberAsync());
    }

    [Fact]
    public async Task CallArrivingDuringDeactivation_WaitsAndGoesToTheNewActivation()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("racing");
        var grain = silo.Grains.GetGrain<ICountingGrain>(key);
        await grain.HoldNextDeactivationAsync();
        await grain.DeactivateOnIdleAsync();
        await Waits.ForSignalAsync(key + "/deactivating");

        var call = grain.GetActivationNumberAsync();
        Assert.False(call.IsCompleted);
        Probe.Signal(key + "/release-deactivation");

        Assert.Equal(2, await call.WaitAsync(Waits.Timeout));
        Assert.Equal(1, Probe.Count(key + "/deactivated"));
    }

    [Fact]
    public async Task GracefulStop_RunsOnDeactivateAsyncOfEveryActivation()
    {
        var silo = await SiloHarness.StartAsync();
        var keys = Enumerable.Range(0, 5).Select(_ => Probe.NewKey("stop")).ToArray();
        foreach (var key in keys)
        {
            await silo.Grains.GetGrain<ICountingGrain>(key).IncrementAsync();
        }

        await silo.DisposeAsync();

        Assert.All(keys, key => Assert.Equal(["ShuttingDown"], Probe.Entries(key + "/deactivations")));
    }

    [Fact]
    public async Task GrainConstructor_GetsServicesFromDependencyInjection_AndTheGrainTypeAttributeNamesTheType()
    {
        await using var silo = await SiloHarness.StartAsync(s => s.Services.AddSingleton<Greeter>());
        var key = Guid.NewGuid();
        var grain = silo.Grains.GetGrain<IGreetingGrain>(key, "ext+1");

        Assert.Equal($"hello {key:N}/ext+1", await grain.GreetAsync());
        Assert.Equal(GrainId.Create("hello", $"{key:N}+ext+1"), grain.GetGrainId());
    }

    [Fact]
    public async Task ValueTaskMethods_RoundTripArgumentsAndResults()
    {
        await using var silo = await SiloHarness.StartAsync();
        var grain = silo.Grains.GetGrain<ICountingGrain>(Probe.NewKey("vt"));

        await grain.TouchAsync();
        Assert.Equal("x:7", await grain.EchoAsync("x", 7));
        Assert.Equal(":0", await grain.EchoAsync(null, 0));
    }
}
