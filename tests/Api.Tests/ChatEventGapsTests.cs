using ChatDb.Grains.Events;
using ChatDb.Silo.Api.Events;

namespace ChatDb.Api.Tests;

/// <summary>How an event-stream connection fills what the live stream lost from the event log (Api:EventGapCheckSeconds).</summary>
public sealed class ChatEventGapsTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A log of <paramref name="count"/> events read in pages of two.</summary>
    private static Func<long, int, Task<ChatEventPage>> Log(int count) => (after, _) =>
    {
        var events = Enumerable.Range((int)after + 1, Math.Max(0, Math.Min(2, count - (int)after)))
            .Select(seq => (ChatEvent)new ContextSnapshotSaved("alice", "s", At, "context_" + seq) { EventSeq = seq })
            .ToList();
        return Task.FromResult(new ChatEventPage(events, events.Count == 0 ? after : events[^1].EventSeq, count));
    };

    private static ChatEventGaps Gaps(int count) =>
        new(Log(count), pageSize: 2, TimeSpan.FromSeconds(5), TimeProvider.System, () => throw new InvalidOperationException("not resubscribed here"));

    [Fact]
    public async Task Fill_WritesEveryLoggedEventAfterTheLastSent_InOrder_AcrossPages()
    {
        var written = new List<long>();

        var (sent, missed) = await Gaps(5).FillAsync(Stream.Null, 1, long.MaxValue, (_, e, _) => { written.Add(e.EventSeq); return Task.CompletedTask; }, default);

        Assert.Equal([2L, 3L, 4L, 5L], written);
        Assert.Equal((5L, true), (sent, missed));
    }

    [Fact]
    public async Task Fill_BeforeALiveEvent_StopsJustBelowIt()
    {
        var written = new List<long>();

        var (sent, missed) = await Gaps(9).FillAsync(Stream.Null, 2, 6, (_, e, _) => { written.Add(e.EventSeq); return Task.CompletedTask; }, default);

        Assert.Equal([3L, 4L, 5L, 6L], written);
        Assert.Equal((6L, true), (sent, missed));
    }

    [Fact]
    public async Task Fill_WithNothingMissed_WritesNothing_AndSaysSo()
    {
        var written = new List<long>();

        var (sent, missed) = await Gaps(4).FillAsync(Stream.Null, 4, long.MaxValue, (_, e, _) => { written.Add(e.EventSeq); return Task.CompletedTask; }, default);

        Assert.Empty(written);
        Assert.Equal((4L, false), (sent, missed));
    }

    [Fact]
    public async Task ALiveEventAfterAGap_ComesAfterTheEventsTheStreamLost_ReadFromTheLog()
    {
        await using var subscription = ChatEventSubscription.Detached(capacity: 10);
        using var abort = new CancellationTokenSource();
        var body = new MemoryStream();
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestAborted = abort.Token };
        context.Response.Body = body;

        var writing = ServerSentEventWriter.WriteAsync(context, subscription, replay: null, sent: 0, Gaps(4));
        subscription.Deliver(new ContextSnapshotSaved("alice", "s", At, "context_1") { EventSeq = 1 });
        subscription.Deliver(new ContextSnapshotSaved("alice", "s", At, "context_4") { EventSeq = 4 });
        subscription.Deliver(new ContextSnapshotSaved("alice", "s", At, "context_2") { EventSeq = 2 });
        await WaitForIdsAsync(body, 3);
        await abort.CancelAsync();
        await writing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["1", "2", "3", "4"], Ids(body));
    }

    private static List<string> Ids(MemoryStream body) =>
        [.. System.Text.Encoding.UTF8.GetString(body.ToArray()).Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).Select(l => l[4..])];

    private static async Task WaitForIdsAsync(MemoryStream body, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Ids(body).Count < count + 1)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
