using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using ChatDb.Cli;
using ChatDb.Client;
using ChatDb.Cluster.Tests.Infrastructure;
using ChatDb.Grains.Cluster;
using ChatDb.Grains.Models;
using ChatDb.Silo.Cluster;
using ChatDb.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Xunit.Abstractions;

namespace ChatDb.Cluster.Tests;

/// <summary>
/// Two silo processes joining one cluster through a Redis membership table (a redis-server of the test's own):
/// each lists both on <c>/cluster</c>, an Orleans client that knows only Redis and the cluster id finds their
/// gateways and makes calls, and a silo killed with SIGKILL is declared dead within the configured liveness time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RedisMembershipTests(ITestOutputHelper output)
{
    /// <summary>
    /// A killed silo must be declared dead within two probe rounds at the defaults (2 × 2 s × 2 missed probes). It is
    /// measured about 1.5 s here: a killed process's port refuses connections at once, so probes fail before they time out.
    /// </summary>
    private static readonly TimeSpan DeadWithin = 2 * ClusterSettings.DefaultProbeTimeout * ClusterSettings.DefaultMissedProbesLimit;

    [Fact]
    public async Task TwoSilos_JoinThroughRedis_EachListsBoth_AndAClientDiscoveringGatewaysThroughRedisMakesCalls()
    {
        using var redis = await RedisServer.StartAsync();
        using var cluster = await SiloCluster.StartAsync(2, ["--membership", "redis", $"--Cluster:ConnectionString={redis.ConnectionString}"]);

        foreach (var silo in cluster.Silos)
        {
            var listed = await SiloCluster.ListAsync(silo);
            Assert.Equal(2, listed.Count);
            Assert.All(listed, entry => Assert.Equal("active", entry.Status));
            Assert.Equal(cluster.Silos.Select(s => s.GatewayPort).Order(), listed.Select(entry => entry.GatewayPort).Order());
            var self = Assert.Single(listed, entry => entry.ThisSilo);
            Assert.Equal(silo.GatewayPort, self.GatewayPort);

            // The Orleans dashboard reads the same membership: its counters list both silos' gateways.
            using var http = new HttpClient { BaseAddress = silo.HttpAddress };
            var counters = await http.GetFromJsonAsync<DashboardCounters>(new Uri("/dashboard/DashboardCounters", UriKind.Relative));
            Assert.Equal(cluster.Silos.Select(s => s.GatewayPort).Order(), counters!.Hosts.Select(host => host.ProxyPort).Order());
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client.UseChatDb(discovery =>
        {
            discovery.Membership = ClusterMembership.Redis;
            discovery.ConnectionString = redis.ConnectionString;
            discovery.ClusterId = cluster.ClusterId;
        }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var chat = new ChatDbClient(host.Services.GetRequiredService<IClusterClient>());
            var userIds = Enumerable.Range(0, 8).Select(i => $"redis-{i}-{Guid.NewGuid():N}"[..20]).ToList();
            foreach (var userId in userIds)
            {
                await chat.CreateUserAsync(userId, new UserProfileInput { DisplayName = userId });
            }

            foreach (var userId in userIds)
            {
                Assert.Equal(userId, (await chat.GetUserProfileAsync(userId))?.DisplayName);
            }

            // The command line finds the gateways the same way, the connection string from a file (or CHATDB_CLUSTER__CONNECTIONSTRING).
            var connectionFile = Path.Join(Path.GetTempPath(), "chatdb-redis-" + Guid.NewGuid().ToString("N") + ".txt");
            await File.WriteAllTextAsync(connectionFile, redis.ConnectionString + "\n");
            try
            {
                var (exit, printed, errors) = await RunChatdbAsync(
                    "user", "get", userIds[0], "--membership", "redis", "--connection-string-file", connectionFile, "--cluster-id", cluster.ClusterId, "--json");
                Assert.True(exit == 0, $"chatdb exited {exit}: {errors}");
                Assert.Contains($"\"displayName\": \"{userIds[0]}\"", printed, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(connectionFile);
            }
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task SiloKilledWithSigkill_IsDeclaredDeadBySurvivor_WithinTheConfiguredLivenessTime()
    {
        using var redis = await RedisServer.StartAsync();
        using var cluster = await SiloCluster.StartAsync(2, ["--membership", "redis", $"--Cluster:ConnectionString={redis.ConnectionString}"]);
        var (survivor, victim) = (cluster.Silos[0], cluster.Silos[1]);

        using (var process = Process.GetProcessById(victim.Id))
        {
            process.Kill();
        }

        var clock = Stopwatch.StartNew();
        List<ClusterSiloView> listed;
        do
        {
            listed = await SiloCluster.ListAsync(survivor);
            if (listed.Any(entry => entry.GatewayPort == victim.GatewayPort && entry.Status == "dead"))
            {
                break;
            }

            await Task.Delay(50);
        }
        while (clock.Elapsed < 4 * DeadWithin);

        var elapsed = clock.Elapsed;
        output.WriteLine($"cluster_time_to_dead_seconds={elapsed.TotalSeconds:F2} (SIGKILL, Redis membership, probe {ClusterSettings.DefaultProbeTimeout.TotalSeconds} s x {ClusterSettings.DefaultMissedProbesLimit}, {ClusterSettings.DefaultVotesForDeath} vote)");
        Assert.True(listed.Any(entry => entry.GatewayPort == victim.GatewayPort && entry.Status == "dead"),
            $"The killed silo was not declared dead within {(4 * DeadWithin).TotalSeconds} s: {string.Join(", ", listed)}");
        Assert.True(elapsed <= DeadWithin, $"The killed silo was declared dead after {elapsed.TotalSeconds:F1} s, more than {DeadWithin.TotalSeconds} s.");
        var health = await SiloCluster.HealthAsync(survivor);
        Assert.Equal(System.Net.HttpStatusCode.OK, health.Status);
        Assert.Equal("active", Assert.Single(listed, entry => entry.ThisSilo).Status);
    }

    /// <summary>Runs the <c>chatdb</c> command line in this process, as its <c>Main</c> would, capturing what it printed.</summary>
    private static async Task<(int Exit, string Output, string Errors)> RunChatdbAsync(params string[] arguments)
    {
        using var printed = new StringWriter();
        using var errors = new StringWriter();
        var exit = await CliRoot.Create().Parse(arguments).InvokeAsync(new InvocationConfiguration { Output = printed, Error = errors });
        return (exit, printed.ToString(), errors.ToString());
    }
}

/// <summary>The part of the Orleans dashboard's <c>DashboardCounters</c> answer the test reads.</summary>
internal sealed record DashboardCounters(IReadOnlyList<DashboardHost> Hosts);

internal sealed record DashboardHost(string SiloAddress, int ProxyPort, string Status);
