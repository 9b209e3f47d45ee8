using ChatDb.Runtime.Client;
using ChatDb.Runtime.Gateway;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Tests;

/// <summary>Pipelining, timeouts, restarts and crashes; each test owns its cluster.</summary>
public sealed class GatewayConnectionTests
{
    private static TestCluster NewCluster(Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder().AddSiloBuilderConfigurator<GatewayTestSiloConfigurator>();
        configure?.Invoke(builder);
        return builder.Build();
    }

    [Fact]
    public async Task ThousandConcurrentCalls_OverOneConnection_EachGetsItsOwnResult()
    {
        await using var cluster = NewCluster();
        await cluster.DeployAsync();
        var grains = Enumerable.Range(0, 16).Select(_ => cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("many"))).ToArray();

        var calls = Enumerable.Range(0, 1000).Select(i => grains[i % grains.Length].ConcatAsync($"call-{i}", $"/{i % grains.Length}")).ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(Waits.Timeout);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal($"call-{i}/{i % grains.Length}", results[i]);
        }

        Assert.Equal(1, cluster.Primary.Services.GetRequiredService<GatewayListener>().ConnectionCount);
    }

    [Fact]
    public async Task ResponseTimeout_FailsTheCallAtTheClient_NamingGrainAndMethod()
    {
        var clock = new FakeTimeProvider();
        await using var cluster = NewCluster(b => b.ConfigureClient(c => c.Services.AddSingleton<TimeProvider>(clock)));
        await cluster.DeployAsync();
        var key = Probe.NewKey("slow");
        var grain = cluster.Client.GetGrain<INonReentrantGateGrain>(key);

        var call = grain.EnterAndWaitAsync("held");
        await Waits.ForSignalAsync($"{key}/entered:held");
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Contains(grain.GetGrainId().ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IGateGrain.EnterAndWaitAsync), error.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:30", error.Message, StringComparison.Ordinal);

        // The late response is dropped; the connection keeps serving.
        Probe.Signal($"{key}/held");
        Assert.Equal(0, await grain.PeekRequestsInFlightAsync().WaitAsync(Waits.Timeout));
    }

    [Fact]
    public async Task Client_SurvivesASiloRestart_OnTheSamePort()
    {
        await using var cluster = NewCluster();
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("restart"));
        await grain.RememberAsync("before the restart");
        var port = cluster.Primary.GatewayEndPoint.Port;

        var restarted = await cluster.RestartSiloAsync(cluster.Primary);

        Assert.Equal(port, restarted.GatewayEndPoint.Port);
        Assert.Null(await grain.RecallAsync());
        await grain.RememberAsync("after the restart");
        Assert.Equal("after the restart", await grain.RecallAsync());
    }

    [Fact]
    public async Task KilledSilo_FailsEveryPendingCallWithSiloUnavailable_NamingTheEndpoint()
    {
        await using var cluster = NewCluster();
        await cluster.DeployAsync();
        var silo = cluster.Primary;
        var endpoint = silo.GatewayEndPoint.ToString();
        var key = Probe.NewKey("kill");
        var grain = cluster.Client.GetGrain<IReentrantGateGrain>(key);
        var calls = Enumerable.Range(0, 3).Select(i => grain.EnterAndWaitAsync($"t{i}")).ToArray();
        foreach (var i in Enumerable.Range(0, 3))
        {
            await Waits.ForSignalAsync($"{key}/entered:t{i}");
        }

        await cluster.KillSiloAsync(silo);

        Assert.All(calls, call => Assert.True(call.IsCompleted, "a pending call is still pending after the kill"));
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
            Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(IGateGrain.EnterAndWaitAsync), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AfterTheOnlySiloIsGone_TheNextCallFailsWithSiloUnavailable()
    {
        await using var cluster = NewCluster(b => b.ConfigureClient(c => c.Configure((ClusterClientOptions o) => o.ConnectRetryCount = 0)));
        await cluster.DeployAsync();
        var grain = cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("gone"));
        await grain.AddAsync(1, 1);

        await cluster.KillSiloAsync(cluster.Primary);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => grain.AddAsync(1, 1));
    }

    [Fact]
    public async Task WithTwoSilos_TheClientMovesToTheOtherGatewayWhenItsSiloDies()
    {
        await using var cluster = NewCluster(b => b.ConfigureClient(c => c.Configure((ClusterClientOptions o) => o.ConnectRetryCount = 0)));
        await cluster.DeployAsync();
        await cluster.StartSiloAsync();
        var grain = cluster.Client.GetGrain<IWireShapesGrain>(Probe.NewKey("move"));
        Assert.Equal(2, await grain.AddAsync(1, 1));

        await cluster.KillSiloAsync(cluster.Primary);

        Assert.Equal(4, await grain.AddAsync(2, 2));
    }
}
