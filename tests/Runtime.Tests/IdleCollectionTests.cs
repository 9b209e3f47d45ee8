using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

public sealed class IdleCollectionTests
{
    [Fact]
    public async Task IdleActivation_IsCollectedAfterCollectionAge_NotBefore()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Guid.NewGuid();
        var grain = silo.Grains.GetGrain<IDefaultAgeGrain>(key);
        await grain.PingAsync();

        silo.Clock.Advance(TimeSpan.FromMinutes(10));
        await grain.PingAsync();
        silo.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(0, Probe.Count(key + "/deactivated"));
        silo.Clock.Advance(TimeSpan.FromMinutes(2));

        await Waits.ForAsync(() => Probe.Count(key + "/deactivated") == 1, $"{key} to be collected");
        await Waits.ForAsync(() => silo.Catalog.Count == 0, $"the catalog to let go of {key}");
    }

    [Fact]
    public async Task CollectionAgeLimitAttribute_ShortensTheAge_AndKeepAliveIsNeverCollected()
    {
        await using var silo = await SiloHarness.StartAsync();
        var shortLived = Guid.NewGuid();
        var pinned = Guid.NewGuid();
        await silo.Grains.GetGrain<IShortAgeGrain>(shortLived).PingAsync();
        await silo.Grains.GetGrain<IPinnedGrain>(pinned).PingAsync();

        silo.Clock.Advance(TimeSpan.FromMinutes(3));
        await Waits.ForAsync(() => Probe.Count(shortLived + "/deactivated") == 1, $"{shortLived} to be collected");
        silo.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, Probe.Count(pinned + "/deactivated"));

        // OnDeactivateAsync runs before the catalog lets go of the activation.
        await Waits.ForAsync(() => silo.Catalog.Count == 1, $"only {pinned} to remain active");
    }

    [Fact]
    public async Task GrainThatOnlyCallsOutAndTicks_IsStillCollected()
    {
        await using var silo = await SiloHarness.StartAsync();
        var key = Guid.NewGuid();
        var other = Guid.NewGuid();
        var grain = silo.Grains.GetGrain<IBusyBodyGrain>(key);
        await grain.StartTimerAsync(TimeSpan.FromMinutes(1), other);
        var armed = silo.Clock.ArmedTimerCount;

        for (var minute = 1; minute <= 14; minute++)
        {
            silo.Clock.Advance(TimeSpan.FromMinutes(1));
            await Waits.ForAsync(() => Probe.Count(key + "/ticks") == minute, $"tick {minute} of {key}");

            // A grain timer's next period starts when its callback has finished: advancing the clock
            // before the timer is armed again would skip that tick.
            await Waits.ForAsync(() => silo.Clock.ArmedTimerCount == armed, $"the timer of {key} to be armed again after tick {minute}");
        }

        silo.Clock.Advance(TimeSpan.FromMinutes(2));

        await Waits.ForAsync(() => Probe.Count(key + "/deactivated") == 1, $"{key} to be collected despite its timer");
        Assert.True(Probe.Count(key + "/ticks") >= 14);
        Assert.Equal(0, Probe.Count(other + "/deactivated"));
    }
}
