using ChatDb.Grains.Bus;
using ChatDb.Grains.Events;
using ChatDb.Grains.Hosting;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace ChatDb.Grains.Tests;

/// <summary>
/// The message bus (docs/BUS.md) on a silo with memory streams: the grains' own events pass the
/// filters, a subscriber catches up from the event log by event seq and then follows live without duplicates, and
/// bad topics, keys and starting points are refused naming what was wrong. Stream pulling runs on real time here.
/// </summary>
public sealed class BusTests : IAsyncLifetime
{
    private const string PluginTopic = "plugin-events";
    private readonly RecordingFilter _filter = new();
    private InProcessTestCluster _cluster = null!;

    private IChatBus Bus => _cluster.GetSiloServiceProvider().GetRequiredService<IChatBus>();

    public async Task InitializeAsync()
    {
        _cluster = TestClusters.Build(
            TimeProvider.System,
            silo => silo.AddMemoryGrainStateStorageAsDefault().AddMemoryGrainLogStorageAsDefault().AddMemoryGrainFileStorageAsDefault(),
            configureSilo: silo =>
            {
                silo.Services.AddSingleton<IChatBusFilter>(_filter);
                silo.AddChatBus(options => options.Topics.Add(PluginTopic));
            });
        await TestClusters.DeployAsync(_cluster);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task GrainEvents_PassTheFilters_AfterTheBuiltInOnes()
    {
        var (key, session) = await NewSessionAsync("alice");

        await session.AddMessageAsync(new NewMessage { Role = "user", Content = "hello" });

        var seen = _filter.Seen(ChatStreams.SessionEvents, key);
        Assert.Equal([ChatEventKinds.SessionCreated, ChatEventKinds.MessageAdded], seen.Select(m => m.Event.Kind));
        Assert.Equal([1L, 2L], seen.Select(m => m.Event.EventSeq));
    }

    [Fact]
    public async Task AResumingSubscriber_GetsTheLoggedEventsAfterItsLastSeq_ThenLiveOnes_EachOnce()
    {
        var (key, session) = await NewSessionAsync("bob");
        for (var i = 1; i <= 3; i++)
        {
            await session.AddMessageAsync(new NewMessage { Role = "user", Content = $"m{i}" });
        }

        // A subscriber that saw events up to seq 2 (session_created, m1) resumes: m2 and m3 from the log, then m4 and m5 live.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<MessageAdded>();
        var reading = Task.Run(async () =>
        {
            await foreach (var added in Bus.SubscribeAsync<MessageAdded>(ChatStreams.SessionEvents, key, after: 2, stop.Token))
            {
                lock (received)
                {
                    received.Add(added);
                }

                if (CountOf(received) == 4)
                {
                    break;
                }
            }
        });
        await WaitUntilAsync(() => CountOf(received) >= 2 || reading.IsCompleted);
        await session.AddMessageAsync(new NewMessage { Role = "user", Content = "m4" });
        await session.AddMessageAsync(new NewMessage { Role = "user", Content = "m5" });
        await reading.WaitAsync(stop.Token);

        Assert.Equal(["m2", "m3", "m4", "m5"], received.Select(e => e.Message.Content));
        Assert.Equal([3L, 4L, 5L, 6L], received.Select(e => e.EventSeq));
    }

    [Fact]
    public async Task ALiveOnlyTopic_DeliversWhatIsPublishedOnTheBus_ThroughTheFilters()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = new TaskCompletionSource<ContextSnapshotSaved>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(async () =>
        {
            var events = Bus.SubscribeAsync<ContextSnapshotSaved>(PluginTopic, "k1", after: null, stop.Token).GetAsyncEnumerator(stop.Token);
            var next = events.MoveNextAsync();
            subscribed.TrySetResult();
            if (await next)
            {
                first.TrySetResult(events.Current);
            }

            await events.DisposeAsync();
        });
        await subscribed.Task;

        // The subscription is made on the first MoveNextAsync: publish until it is in place and the event arrives.
        var published = new ContextSnapshotSaved("u", "s", DateTimeOffset.UnixEpoch, "plugin says hi");
        while (!first.Task.IsCompleted)
        {
            await Bus.PublishAsync(PluginTopic, "k1", published);
            await Task.WhenAny(first.Task, Task.Delay(TimeSpan.FromMilliseconds(200), stop.Token));
        }

        Assert.Equal("plugin says hi", (await first.Task).SnapshotId);
        Assert.Contains(_filter.Seen(PluginTopic, "k1"), m => ReferenceEquals(m.Event, published));
        await stop.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task BadTopicsKeysAndStartingPoints_AreRefused_NamingWhatWasWrong()
    {
        var published = new ContextSnapshotSaved("u", "s", DateTimeOffset.UnixEpoch, "t");

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => Bus.PublishAsync("no-such-topic", "k", published));
        Assert.Contains("Unknown bus topic 'no-such-topic'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains(PluginTopic, unknown.Message, StringComparison.Ordinal);
        Assert.Empty(_filter.Seen("no-such-topic", "k"));

        var badKey = await Assert.ThrowsAsync<ArgumentException>(() => Bus.PublishAsync(PluginTopic, "a\nb", published));
        Assert.Contains("key", badKey.Message, StringComparison.Ordinal);

        var noLog = Assert.Throws<ArgumentException>(() => Bus.SubscribeAsync<ChatEvent>(ChatStreams.UserEvents, "alice", after: 3, CancellationToken.None));
        Assert.Contains("keeps no event log", noLog.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Bus.SubscribeAsync<ChatEvent>(ChatStreams.SessionEvents, "alice/s", after: -1, CancellationToken.None));
    }

    private async Task<(string Key, ISessionGrain Session)> NewSessionAsync(string userId)
    {
        var created = await _cluster.Client.GetGrain<IUserGrain>(userId).CreateSessionAsync("bus", null);
        var key = ChatStreams.SessionKey(userId, created.Id);
        return (key, _cluster.Client.GetGrain<ISessionGrain>(key));
    }

    private static int CountOf<T>(List<T> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Records every message that reaches it (after the built-in filters), then passes it on.</summary>
    private sealed class RecordingFilter : IChatBusFilter
    {
        private readonly List<ChatBusMessage> _messages = [];

        public Task PublishAsync(ChatBusMessage message, ChatBusNext next)
        {
            lock (_messages)
            {
                _messages.Add(message);
            }

            return next(message);
        }

        public List<ChatBusMessage> Seen(string topic, string key)
        {
            lock (_messages)
            {
                return [.. _messages.Where(m => m.Topic == topic && m.Key == key)];
            }
        }
    }
}
