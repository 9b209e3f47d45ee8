using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;

namespace ChatDb.Runtime.Tests;

public sealed class CallTimeoutTests
{
    [Fact]
    public async Task CallCycleWithoutReentrancy_EndsInTimeoutNamingGrainAndMethod()
    {
        await using var silo = await SiloHarness.StartAsync();
        var a = silo.Grains.GetGrain<ICycleGrain>(Probe.NewKey("a"));
        var b = Probe.NewKey("b");

        var call = a.CallViaAsync(b);
        await Waits.ForSignalAsync(b + "/called-back");
        silo.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        silo.Clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains(a.GetGrainId().ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("CallViaAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallCycle_WithCallChainReentrancy_Completes()
    {
        await using var silo = await SiloHarness.StartAsync();
        var a = silo.Grains.GetGrain<ICycleGrain>(Probe.NewKey("a"));
        var b = Probe.NewKey("b");

        string reply;
        using (RequestContext.AllowCallChainReentrancy())
        {
            reply = await a.CallViaAsync(b).WaitAsync(Waits.Timeout);
        }

        Assert.Equal($"{b} got pong from {a.GetPrimaryKeyString()}", reply);
        Assert.Equal(Guid.Empty, RequestContext.CallChainId);
    }

    [Fact]
    public async Task ResponseTimeoutAttribute_OverridesTheSiloDefault()
    {
        await using var silo = await SiloHarness.StartAsync();
        var a = silo.Grains.GetGrain<ICycleGrain>(Probe.NewKey("a"));

        var b = Probe.NewKey("b");
        var call = a.CallViaWithShortTimeoutAsync(b);
        await Waits.ForSignalAsync(b + "/called-back");
        silo.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        silo.Clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("00:00:05", error.Message, StringComparison.Ordinal);
        silo.Clock.Advance(TimeSpan.FromSeconds(30));
        await Waits.ForAsync(() => Probe.IsSignalled(b + "/unwound"), "the inner A→B→A cycle to time out as well");
    }

    [Fact]
    public async Task ConfiguredResponseTimeout_AppliesToEveryCall()
    {
        await using var silo = await SiloHarness.StartAsync(s => s.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3)));
        var a = silo.Grains.GetGrain<ICycleGrain>(Probe.NewKey("a"));

        var b = Probe.NewKey("b");
        var call = a.CallViaAsync(b);
        await Waits.ForSignalAsync(b + "/called-back");
        silo.Clock.Advance(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains("00:00:03", error.Message, StringComparison.Ordinal);
    }
}
