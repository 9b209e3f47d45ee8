using System.Collections.Concurrent;
using System.Diagnostics;
using ChatDb.Client;
using ChatDb.Cluster.Tests.Infrastructure;
using ChatDb.Grains.Cluster;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;

namespace ChatDb.Cluster.Tests;

/// <summary>
/// Two silo processes in <c>azure</c> mode against an Azurite of the test's own: membership in an Azure table, the
/// chat events on Azure queues. A subscriber (an Orleans client that found the gateways through the table) keeps
/// receiving events after one silo is killed with SIGKILL, including events published while the dead silo still
/// owned the queues they went to.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AzureMembershipTests
{
    private const int Streams = 8;
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SiloKilledWithSigkill_QueueStreamEventsStillReachTheSubscriber()
    {
        using var azurite = await AzuriteServer.StartAsync();
        using var cluster = await SiloCluster.StartAsync(2, ["--membership", "azure", $"--Cluster:ConnectionString={azurite.ConnectionString}"]);
        foreach (var silo in cluster.Silos)
        {
            Assert.Equal(2, (await SiloCluster.ListAsync(silo)).Count(entry => entry.Status == "active"));
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client => client.UseChatDb(discovery =>
        {
            discovery.Membership = ClusterMembership.Azure;
            discovery.ConnectionString = azurite.ConnectionString;
            discovery.ClusterId = cluster.ClusterId;
        }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IClusterClient>();
            var chat = new ChatDbClient(client);
            var userId = "azure-" + Guid.NewGuid().ToString("N")[..8];
            await chat.CreateUserAsync(userId);
            var sessions = new List<string>();
            for (var i = 0; i < Streams; i++)
            {
                sessions.Add((await chat.CreateSessionAsync(userId, $"stream {i}")).Id);
            }

            // Subscribed to the raw streams, not through ChatEventWatch, which would fill a gap from the event log.
            var received = new ConcurrentDictionary<string, ConcurrentBag<ChatEvent>>();
            var provider = client.GetStreamProvider(ChatStreams.DefaultProviderName);
            var subscriptions = new List<StreamSubscriptionHandle<ChatEvent>>();
            foreach (var sessionId in sessions)
            {
                var bag = received.GetOrAdd(sessionId, _ => []);
                var stream = provider.GetStream<ChatEvent>(StreamId.Create(ChatStreams.SessionEvents, ChatStreams.SessionKey(userId, sessionId)));
                subscriptions.Add(await stream.SubscribeAsync((item, _) =>
                {
                    bag.Add(item);
                    return Task.CompletedTask;
                }));
            }

            // The silos publish what the session grains do on the queues.
            foreach (var sessionId in sessions)
            {
                await chat.AddMessageAsync(userId, sessionId, new NewMessage { Role = "user", Content = "before " + sessionId });
            }

            await WaitForAsync(() => sessions.All(id => received[id].OfType<MessageAdded>().Any(e => e.Message.Content == "before " + id)),
                "every session's message_added event before the kill", received);

            using (var process = Process.GetProcessById(cluster.Silos[1].Id))
            {
                process.Kill();
            }

            // Published at once, while the killed silo still owns about half the queues: the events wait in them
            // until the survivor takes those queues over.
            var marker = "after-kill-" + Guid.NewGuid().ToString("N")[..8];
            foreach (var sessionId in sessions)
            {
                await provider.GetStream<ChatEvent>(StreamId.Create(ChatStreams.SessionEvents, ChatStreams.SessionKey(userId, sessionId)))
                    .OnNextAsync(new ContextSnapshotSaved(userId, sessionId, DateTimeOffset.UtcNow, marker));
            }

            await WaitForAsync(() => sessions.All(id => received[id].OfType<ContextSnapshotSaved>().Any(e => e.SnapshotId == marker)),
                "every event published after the kill", received);
            Assert.All(sessions, id => Assert.Single(received[id].OfType<ContextSnapshotSaved>(), e => e.SnapshotId == marker));
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ConcurrentDictionary<string, ConcurrentBag<ChatEvent>> received)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > EventTimeout)
            {
                var seen = string.Join("; ", received.Select(pair => $"{pair.Key}: {string.Join(",", pair.Value.Select(e => e.Kind))}"));
                Assert.Fail($"Timed out after {EventTimeout.TotalSeconds} s waiting for {what}. Received: {seen}");
            }

            await Task.Delay(50);
        }
    }
}
