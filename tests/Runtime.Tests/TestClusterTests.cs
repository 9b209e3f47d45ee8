using ChatDb.Runtime.Hosting;
using ChatDb.Runtime.TestingHost;
using ChatDb.Runtime.Tests.Grains;
using ChatDb.Runtime.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatDb.Runtime.Tests;

public sealed class TestClusterTests
{
    private sealed class TestGrainsConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddGrains(typeof(TestClusterTests).Assembly);
            siloBuilder.Services.AddSingleton<Greeter>();
        }
    }

    [Fact]
    public async Task RestartedSilo_ServesTheSameReferenceWithAFreshActivation()
    {
        await using var cluster = new TestClusterBuilder().AddSiloBuilderConfigurator<TestGrainsConfigurator>().Build();
        await cluster.DeployAsync();
        var key = Probe.NewKey("restart");
        var grain = cluster.Client.GetGrain<ICountingGrain>(key);
        Assert.Equal(1, await grain.GetActivationNumberAsync());

        await cluster.RestartSiloAsync(cluster.Primary);

        Assert.Equal(["ShuttingDown"], Probe.Entries(key + "/deactivations"));
        Assert.Equal(2, await grain.GetActivationNumberAsync());
    }

    [Fact]
    public async Task KilledSilo_RunsNoDeactivationCode_AndItsCallsFail()
    {
        await using var cluster = new TestClusterBuilder().AddSiloBuilderConfigurator<TestGrainsConfigurator>().Build();
        await cluster.DeployAsync();
        var silo = cluster.Primary;
        var key = Probe.NewKey("kill");
        var direct = silo.GrainFactory.GetGrain<ICountingGrain>(key);
        await direct.IncrementAsync();

        await cluster.KillSiloAsync(silo);

        Assert.Empty(Probe.Entries(key + "/deactivations"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => direct.IncrementAsync());
        Assert.Empty(cluster.Silos);
    }

    [Fact]
    public async Task Cluster_PassesItsDataDirectoryToSilos_AndDeletesItOnDispose()
    {
        var cluster = new TestClusterBuilder(initialSilos: 2).AddSiloBuilderConfigurator<TestGrainsConfigurator>().Build();
        await cluster.DeployAsync();
        var directory = cluster.DataDirectory;

        Assert.True(Directory.Exists(directory));
        Assert.Equal(2, cluster.Silos.Count);
        Assert.All(cluster.Silos, s => Assert.Equal(directory, s.Services.GetRequiredService<IConfiguration>()[TestCluster.StorageBasePathKey]));
        await cluster.StopSiloAsync(cluster.Silos[1]);
        Assert.Single(cluster.Silos);

        await cluster.DisposeAsync();
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public async Task WaitUntilAsync_ThrowsNamingWhatWasAwaited()
    {
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => TestingUtils.WaitUntilAsync(() => Task.FromResult(false), TimeSpan.FromMilliseconds(20), "the moon to turn blue"));

        Assert.Contains("the moon to turn blue", error.Message, StringComparison.Ordinal);
    }
}
