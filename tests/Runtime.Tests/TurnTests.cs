using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task NonReentrantGrain_StartsTheNextRequestOnlyAfterThePreviousCompleted()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("gate");
        var grain = silo.Grains.GetGrain<INonReentrantGateGrain>(key);

        var first = grain.EnterAndWaitAsync("1");
        await Waits.ForSignalAsync($"{key}/entered:1");
        var second = grain.EnterAndWaitAsync("2");

        Assert.False(second.IsCompleted);
        Assert.Equal(["enter:1"], Probe.Entries(key));
        Probe.Signal($"{key}/1");
        await Waits.ForSignalAsync($"{key}/entered:2");
        Probe.Signal($"{key}/2");
        await Task.WhenAll(first, second);

        Assert.Equal(["enter:1", "exit:1", "enter:2", "exit:2"], Probe.Entries(key));
    }

    [Fact]
    public async Task ReentrantGrain_RunsTheSecondRequestWhileTheFirstAwaits()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("gate");
        var grain = silo.Grains.GetGrain<IReentrantGateGrain>(key);

        var first = grain.EnterAndWaitAsync("1");
        await Waits.ForSignalAsync($"{key}/entered:1");
        var second = grain.EnterAndWaitAsync("2");
        await Waits.ForSignalAsync($"{key}/entered:2");

        Assert.Equal(2, await grain.PeekRequestsInFlightAsync());
        Probe.Signal($"{key}/2");
        await second;
        Assert.False(first.IsCompleted);
        Probe.Signal($"{key}/1");
        await first;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ManyConcurrentRequests_NeverRunTwoTurnsAtOnce(bool reentrant)
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("turns");
        IGateGrain grain = reentrant ? silo.Grains.GetGrain<IReentrantGateGrain>(key) : silo.Grains.GetGrain<INonReentrantGateGrain>(key);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => grain.ManyTurnsAsync(10))));

        Assert.All(results, maxTurnsAtOnce => Assert.Equal(1, maxTurnsAtOnce));
    }

    [Fact]
    public async Task AlwaysInterleaveMethod_RunsWhileANonReentrantRequestAwaits()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("gate");
        var grain = silo.Grains.GetGrain<INonReentrantGateGrain>(key);

        var holding = grain.EnterAndWaitAsync("1");
        await Waits.ForSignalAsync($"{key}/entered:1");

        Assert.Equal(1, await grain.PeekRequestsInFlightAsync());
        Probe.Signal($"{key}/1");
        await holding;
    }

    [Fact]
    public async Task ReadOnlyRequests_InterleaveWithEachOtherButNotWithAWriter()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Probe.NewKey("gate");
        var grain = silo.Grains.GetGrain<INonReentrantGateGrain>(key);

        var read1 = grain.ReadAndWaitAsync("r1");
        var read2 = grain.ReadAndWaitAsync("r2");
        await Waits.ForSignalAsync($"{key}/entered:r2");
        var write = grain.EnterAndWaitAsync("w");
        var read3 = grain.ReadAndWaitAsync("r3");

        Assert.Equal(["enter:r1", "enter:r2"], Probe.Entries(key));
        Probe.Signal($"{key}/r1");
        Probe.Signal($"{key}/r2");
        await Waits.ForSignalAsync($"{key}/entered:w");
        Probe.Signal($"{key}/w");
        Probe.Signal($"{key}/r3");
        await Task.WhenAll(read1, read2, write, read3);

        var journal = Probe.Entries(key);
        Assert.True(journal.ToList().IndexOf("enter:w") > journal.ToList().IndexOf("exit:r2"), string.Join(",", journal));
        Assert.True(journal.ToList().IndexOf("enter:r3") > journal.ToList().IndexOf("exit:w"), string.Join(",", journal));
    }

    [Fact]
    public async Task GrainCode_RunsOnTheActivationsSchedulerAcrossAwaits()
    {
        await using var silo = await SiloHarness.StartAsync();
        var grain = silo.Grains.GetGrain<INonReentrantGateGrain>(Probe.NewKey("scheduler"));

        Assert.True(await grain.SchedulerIsTheActivationsAcrossAwaitsAsync());
        Assert.True(await Task.Run(() => grain.SchedulerIsTheActivationsAcrossAwaitsAsync()));
    }
}
