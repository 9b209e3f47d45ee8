using ChatDb.Client;
using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Storage.Options;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.TestingHost;

namespace ChatDb.Grains.Tests.Infrastructure;

/// <summary>
/// Orleans in-process test clusters with the chat grains wired as <c>Silo/SiloApplication.cs</c> wires them:
/// the chat grains, a storage provider under "Default" (chosen by the test), chat events on memory streams,
/// search; the grains on a test clock (<see cref="OrleansTestClocks"/>), and a client set up with
/// <c>UseChatDb()</c> as a chat server sets up its own.
/// </summary>
internal static class TestClusters
{
    /// <summary>Where the fake clocks of the cluster tests start, so generated ids are known in advance.</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How soon the client learns of a restarted silo's gateway (Orleans' default is a minute).</summary>
    private static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Builds (does not start) a cluster of <paramref name="silos"/> silos.</summary>
    /// <param name="clock">The grains' clock; a fake one drives their timers and generated ids.</param>
    /// <param name="addStorage">Registers the "Default" state, log and file providers.</param>
    /// <param name="limits">Adjusts the chat limits after they are bound.</param>
    /// <param name="configureSilo">More silo services, after everything the silo itself registers.</param>
    /// <param name="recordEvents">Sees every chat event on its way to the streams (between search and the streams).</param>
    /// <param name="silos">How many silos the cluster starts with.</param>
    public static InProcessTestCluster Build(
        TimeProvider clock,
        Action<ISiloBuilder> addStorage,
        Action<ChatLimitsOptions>? limits = null,
        Action<ISiloBuilder>? configureSilo = null,
        RecordingEventPublisher? recordEvents = null,
        short silos = 1)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.UseTestClock(clock);
            silo.AddChatGrains(options => options.Configure(o => limits?.Invoke(o)));
            addStorage(silo);
            silo.AddChatEventMemoryStreams()
                .AddChatEventStreams();
            if (recordEvents is not null)
            {
                silo.Services.AddSingleton<IChatEventPublisher>(services =>
                    recordEvents.PassingTo(new StreamChatEventPublisher(services, ChatStreams.DefaultProviderName)));
            }

            silo.AddChatSearch();
            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client => client.UseChatDb()
            .Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = GatewayListRefreshPeriod));
        return builder.Build();
    }

    /// <summary>Deploys <paramref name="cluster"/>; on failure it is disposed and the error passed on.</summary>
    public static async Task DeployAsync(InProcessTestCluster cluster)
    {
        try
        {
            await Within(cluster.DeployAsync(), "the test cluster to start");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops the first silo gracefully (every activation deactivates) and starts a new one, then waits until the
    /// client reaches it: the client learns that the old gateway is gone from a failed call, and a chat
    /// server's client retries such a call, so grain references taken before the restart keep working.
    /// </summary>
    public static async Task RestartAsync(InProcessTestCluster cluster)
    {
        await Within(cluster.RestartSiloAsync(cluster.Silos[0]), "the silo to restart");
        await Within(ReachAsync(cluster.Client), "the client to reach the restarted silo");
    }

    private static async Task ReachAsync(IClusterClient client)
    {
        while (true)
        {
            try
            {
                await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                return;
            }
            catch (Exception e) when (e is ConnectionFailedException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with a message that names <paramref name="what"/> if it hangs.</summary>
    public static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out after {StartTimeout.TotalSeconds} s waiting for {what}.", e);
        }
    }
}
