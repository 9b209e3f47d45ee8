using System.Net;
using System.Text;
using ChatDb.Client;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;

namespace ChatDb.Cli.Tests;

/// <summary>
/// A watch that falls behind, or whose stream loses events, loses nothing: the cluster client's watch subscribes again
/// and reads the gap from the log; the REST client's reconnects with Last-Event-ID after the silo's <c>overflow</c> event.
/// </summary>
public sealed class EventWatchCatchUpTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static MessageAdded Added(long seq) =>
        new("alice", "s", At, new ChatMessage("msg" + seq, seq, "user", "m" + seq, At, [], [])) { EventSeq = seq };

    /// <summary>An event log of <paramref name="count"/> message events that answers pages as the grain does.</summary>
    private static Func<long, int, Task<ChatEventPage>> Log(int count, List<long> reads) => Log(() => count, reads);

    /// <summary>An event log whose length <paramref name="length"/> gives at each read.</summary>
    private static Func<long, int, Task<ChatEventPage>> Log(Func<int> length, List<long> reads) => (after, limit) =>
    {
        var count = length();
        reads.Add(after);
        var events = Enumerable.Range(1, count).Select(i => (long)i).Where(seq => seq > after).Take(limit).Select(seq => (ChatEvent)Added(seq)).ToList();
        return Task.FromResult(new ChatEventPage(events, events.Count == 0 ? after : events[^1].EventSeq, count));
    };

    [Fact]
    public async Task ClusterWatch_ThatOverflows_SubscribesAgain_AndReadsTheGapFromTheLog()
    {
        // The first subscription holds 2 events and receives 4 (3 overflows it); by then the log holds 5.
        var first = ChatEventSubscription.Detached(capacity: 2);
        first.Deliver(Added(1));
        first.Deliver(Added(2));
        first.Deliver(Added(3));
        Assert.True(first.Overflowed);
        var second = ChatEventSubscription.Detached(capacity: 10);
        second.Deliver(Added(5));
        second.Deliver(Added(6));
        var subscriptions = new Queue<ChatEventSubscription>([first, second]);
        var reads = new List<long>();

        // The log is empty as the watch starts from now, and holds 5 events when it subscribes again.
        var length = 0;
        Task<ChatEventSubscription> Subscribe()
        {
            length = subscriptions.Count == 2 ? 0 : 5;
            return Task.FromResult(subscriptions.Dequeue());
        }

        using var stop = new CancellationTokenSource();
        var seen = new List<long>();
        await foreach (var chatEvent in ChatEventWatch.ReadAsync(Subscribe, after: null, Log(() => length, reads), new FakeTimeProvider(), stop.Token))
        {
            seen.Add(chatEvent.EventSeq);
            if (chatEvent.EventSeq == 6)
            {
                break;
            }
        }

        // 1 and 2 from the first subscription; 3 to 5 from the log after 2; 5 again live is skipped; then 6.
        Assert.Equal([1L, 2, 3, 4, 5, 6], seen);
        Assert.Equal([0L, 2], reads);
    }

    [Fact]
    public async Task ClusterWatch_FromNow_SkipsWhatTheLogHeldAsItStarted_EvenWhenTheStreamStillDeliversIt()
    {
        // A stream's cache can hand a new subscriber an event published just before (event 2 here).
        var live = ChatEventSubscription.Detached(capacity: 10);
        live.Deliver(Added(2));
        live.Deliver(Added(3));
        var reads = new List<long>();

        var seen = new List<long>();
        await foreach (var chatEvent in ChatEventWatch.ReadAsync(() => Task.FromResult(live), after: null, Log(2, reads), new FakeTimeProvider(), CancellationToken.None))
        {
            seen.Add(chatEvent.EventSeq);
            break;
        }

        Assert.Equal([3L], seen);
    }

    [Fact]
    public async Task ClusterWatch_FromASeq_SkipsLiveEventsTheLogCovered()
    {
        var live = ChatEventSubscription.Detached(capacity: 10);
        live.Deliver(Added(3));
        live.Deliver(Added(4));
        var reads = new List<long>();

        var seen = new List<long>();
        await foreach (var chatEvent in ChatEventWatch.ReadAsync(() => Task.FromResult(live), after: 1, Log(3, reads), new FakeTimeProvider(), CancellationToken.None))
        {
            seen.Add(chatEvent.EventSeq);
            if (chatEvent.EventSeq == 4)
            {
                break;
            }
        }

        Assert.Equal([2L, 3, 4], seen);
    }

    [Fact]
    public async Task ClusterWatch_WhoseStreamSkipsSeqs_ReadsTheMissingEventsFromTheLog_InOrder()
    {
        // Events 2 and 3 were lost with a silo: the stream brings 1, then 4.
        var first = ChatEventSubscription.Detached(capacity: 10);
        first.Deliver(Added(1));
        first.Deliver(Added(4));
        var second = ChatEventSubscription.Detached(capacity: 10);
        second.Deliver(Added(5));
        var subscriptions = new Queue<ChatEventSubscription>([first, second]);
        var reads = new List<long>();
        var length = 0;
        Task<ChatEventSubscription> Subscribe()
        {
            length = subscriptions.Count == 2 ? 0 : 4;
            return Task.FromResult(subscriptions.Dequeue());
        }

        var seen = new List<long>();
        await foreach (var chatEvent in ChatEventWatch.ReadAsync(Subscribe, after: null, Log(() => length, reads), new FakeTimeProvider(), CancellationToken.None))
        {
            seen.Add(chatEvent.EventSeq);
            if (chatEvent.EventSeq == 5)
            {
                break;
            }
        }

        Assert.Equal([1L, 2, 3, 4, 5], seen);
        Assert.Equal([0L, 1], reads);
        Assert.Empty(subscriptions);
    }

    [Fact]
    public async Task ClusterWatch_QuietWhileTheLogMovesOn_SubscribesAgain_AfterTheCheckInterval()
    {
        // A subscription whose pub/sub state died with a silo: it never delivers, while the log gets events 1 and 2.
        var dead = ChatEventSubscription.Detached(capacity: 10);
        var second = ChatEventSubscription.Detached(capacity: 10);
        var subscriptions = new Queue<ChatEventSubscription>([dead, second]);
        var reads = new List<long>();
        var length = 0;
        var clock = new FakeTimeProvider();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var seen = new List<long>();
        var watch = Task.Run(async () =>
        {
            await foreach (var chatEvent in ChatEventWatch.ReadAsync(() => Task.FromResult(subscriptions.Dequeue()), after: null, Log(() => length, reads), clock, stop.Token))
            {
                seen.Add(chatEvent.EventSeq);
                if (chatEvent.EventSeq == 2)
                {
                    break;
                }
            }
        });

        // Nothing is read before the interval: the watch waits on its quiet timer.
        Assert.True(SpinWait.SpinUntil(() => clock.ArmedTimerCount > 0, TimeSpan.FromSeconds(10)), "The watch never armed its quiet check.");
        length = 2;
        clock.Advance(ChatEventWatch.GapCheckInterval - TimeSpan.FromMilliseconds(1));
        Assert.Equal([0L], reads);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await watch.WaitAsync(stop.Token);

        Assert.Equal([1L, 2], seen);
        Assert.Equal([0L, 0, 0], reads);
        Assert.Empty(subscriptions);
    }

    [Fact]
    public async Task RestWatch_AfterAnOverflowEvent_ReconnectsWithTheLastEventId()
    {
        var handler = new ScriptedSse(
            "id: 1\ndata: " + Json(Added(1)) + "\n\nid: 2\ndata: " + Json(Added(2)) + "\n\nevent: overflow\ndata: {\"error\":\"overflow\"}\n\n",
            "id: 3\ndata: " + Json(Added(3)) + "\n\n");
        using var chat = new ChatDbRestClient(new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:1/") });

        var seen = new List<long>();
        await foreach (var chatEvent in chat.WatchSessionEventsAsync("alice", "chat_session_20260101_000000_000000", after: 0))
        {
            seen.Add(chatEvent.EventSeq);
        }

        // The second response ended without an overflow: the watch ends there.
        Assert.Equal([1L, 2, 3], seen);
        Assert.Equal(["0", "2"], handler.LastEventIds);
        Assert.All(handler.Paths, path => Assert.Equal("/users/alice/sessions/chat_session_20260101_000000_000000/events", path));
    }

    private static string Json(ChatEvent chatEvent) =>
        System.Text.Json.JsonSerializer.Serialize(chatEvent, Grains.Serialization.ChatDbJsonContext.Default.ChatEvent);

    /// <summary>Answers each request with the next SSE body and records the Last-Event-ID it carried.</summary>
    private sealed class ScriptedSse(params string[] bodies) : HttpMessageHandler
    {
        private int _next;

        public List<string?> LastEventIds { get; } = [];

        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            LastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null);
            Paths.Add(request.RequestUri!.AbsolutePath);
            var body = new StringContent(bodies[_next++], Encoding.UTF8, "text/event-stream");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = body });
        }
    }
}
