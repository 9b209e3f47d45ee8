using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

public sealed class TimerTests
{
    [Fact]
    public async Task TimerTick_WaitsForTheRunningRequest_AndRunsOnTheActivationsScheduler()
    {
        await using var silo = await SiloHarness.StartAsync();
        var id = Random.Shared.NextInt64();
        var key = $"{id}+timer";
        var grain = silo.Grains.GetGrain<ITimerGrain>(id, "timer");
        await grain.StartAsync(TimeSpan.FromSeconds(1));

        var holding = grain.HoldAsync();
        await Waits.ForSignalAsync(key + "/holding");
        silo.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, Probe.Count(key + "/ticks"));
        Probe.Signal(key + "/release");
        await holding;
        await Waits.ForSignalAsync(key + "/tick1");
        silo.Clock.Advance(TimeSpan.FromSeconds(1));
        await Waits.ForSignalAsync(key + "/tick2");

        Assert.Equal(0, Probe.Count(key + "/ticks-during-request"));
        Assert.Equal(0, Probe.Count(key + "/ticks-off-scheduler"));
    }

    [Fact]
    public async Task Timer_StopsWhenTheActivationDeactivates()
    {
        await using var silo = await SiloHarness.StartAsync();
        var timersBefore = silo.Clock.TimerCount;
        var id = Random.Shared.NextInt64();
        var key = $"{id}+stop";
        var grain = silo.Grains.GetGrain<ITimerGrain>(id, "stop");
        await grain.StartAsync(TimeSpan.FromSeconds(1));
        silo.Clock.Advance(TimeSpan.FromSeconds(1));
        await Waits.ForSignalAsync(key + "/tick1");

        await grain.DeactivateAsync();
        await Waits.ForSignalAsync(key + "/deactivated");

        Assert.Equal(timersBefore, silo.Clock.TimerCount);
        silo.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Probe.Count(key + "/ticks"));
    }

    [Fact]
    public async Task DisposedTimer_DoesNotTickAgain()
    {
        await using var silo = await SiloHarness.StartAsync();
        var timersBefore = silo.Clock.TimerCount;
        var id = Random.Shared.NextInt64();
        var grain = silo.Grains.GetGrain<ITimerGrain>(id, "dispose");
        await grain.StartAsync(TimeSpan.FromSeconds(1));

        await grain.StopAsync();

        Assert.Equal(timersBefore, silo.Clock.TimerCount);
    }
}
