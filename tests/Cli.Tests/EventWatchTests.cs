using ChatDb.Client;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;

namespace ChatDb.Cli.Tests;

/// <summary>
/// <c>WatchSessionEventsAsync</c>/<c>WatchPanelEventsAsync</c> through both .NET doors against a silo process: the log
/// from a seq, then live events, each once and in order.
/// </summary>
public abstract class EventWatchTests
{
    /// <summary>How long a watch may take to see what the test waits for before the test fails.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected abstract IChatDb Chat { get; }

    private static string NewUser() => "watch-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Reads <paramref name="events"/> until <paramref name="count"/> arrived, then stops the watch.</summary>
    private static async Task<List<ChatEvent>> TakeAsync(Func<CancellationToken, IAsyncEnumerable<ChatEvent>> events, int count, Func<Task>? whileWatching = null)
    {
        using var stop = new CancellationTokenSource(Patience);
        var taken = new List<ChatEvent>();
        var enumerator = events(stop.Token).GetAsyncEnumerator(stop.Token);
        await using (enumerator)
        {
            var first = enumerator.MoveNextAsync().AsTask();
            if (whileWatching is not null)
            {
                await whileWatching();
            }

            var more = await first;
            while (more)
            {
                taken.Add(enumerator.Current);
                if (taken.Count == count)
                {
                    break;
                }

                more = await enumerator.MoveNextAsync();
            }
        }

        return taken;
    }

    [Fact]
    public async Task SessionWatch_FromZero_ReplaysTheLog_ThenLiveEvents_EachOnceInOrder()
    {
        var user = NewUser();
        var session = await Chat.CreateSessionAsync(user, "watched");
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "one" });
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "assistant", Content = "two" });

        // session_created, two stored messages, then three added while the watch reads.
        var events = await TakeAsync(token => Chat.WatchSessionEventsAsync(user, session.Id, after: 0, token), 6, async () =>
        {
            foreach (var text in new[] { "three", "four", "five" })
            {
                await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = text });
            }
        });

        Assert.Equal([1L, 2, 3, 4, 5, 6], events.Select(e => e.EventSeq));
        Assert.IsType<SessionCreated>(events[0]);
        Assert.Equal(["one", "two", "three", "four", "five"], events.OfType<MessageAdded>().Select(e => e.Message.Content));
    }

    [Fact]
    public async Task SessionWatch_FromASeq_StartsAfterIt()
    {
        var user = NewUser();
        var session = await Chat.CreateSessionAsync(user);
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "seen before" });
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "missed" });

        var events = await TakeAsync(token => Chat.WatchSessionEventsAsync(user, session.Id, after: 2, token), 2,
            () => Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "live" }));

        Assert.Equal([3L, 4], events.Select(e => e.EventSeq));
        Assert.Equal(["missed", "live"], events.OfType<MessageAdded>().Select(e => e.Message.Content));
    }

    [Fact]
    public async Task SessionWatch_FromNow_SeesOnlyEventsAfterItStarted()
    {
        var user = NewUser();
        var session = await Chat.CreateSessionAsync(user);
        await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "old" });

        // A watch from now has no "subscribed" signal to wait for, so the writer keeps adding until one arrives.
        using var stop = new CancellationTokenSource(Patience);
        var enumerator = Chat.WatchSessionEventsAsync(user, session.Id, after: null, stop.Token).GetAsyncEnumerator(stop.Token);
        await using (enumerator)
        {
            var next = enumerator.MoveNextAsync().AsTask();
            var added = 0;
            while (!next.IsCompleted)
            {
                await Chat.AddMessageAsync(user, session.Id, new NewMessage { Role = "user", Content = "new " + ++added });
                await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(100), stop.Token));
            }

            Assert.True(await next);
            var first = Assert.IsType<MessageAdded>(enumerator.Current);
            Assert.StartsWith("new ", first.Message.Content, StringComparison.Ordinal);
            Assert.True(first.EventSeq > 2, $"event seq {first.EventSeq} was logged before the watch started");
        }
    }

    [Fact]
    public async Task PanelWatch_FromZero_ReplaysThenFollows()
    {
        var panel = await Chat.CreatePanelAsync("debate", ["optimist"]);
        var events = await TakeAsync(token => Chat.WatchPanelEventsAsync(panel.Id, after: 0, token), 2,
            () => Chat.AddPanelMessageAsync(panel.Id, new NewMessage { Role = "moderator", Content = "welcome" }));

        Assert.Equal([1L, 2], events.Select(e => e.EventSeq));
        Assert.IsType<PanelCreated>(events[0]);
        Assert.Equal("welcome", Assert.IsType<PanelMessageAdded>(events[1]).Message.Content);
    }

    [Fact]
    public async Task Watch_OfAMissingSession_FailsNamingIt_AndANegativeSeqIsRefused()
    {
        var user = NewUser();
        var missing = await Assert.ThrowsAsync<NotFoundError>(() => TakeAsync(token => Chat.WatchSessionEventsAsync(user, "chat_session_20260101_000000_000000", after: 0, token), 1));
        Assert.Contains("chat_session_20260101_000000_000000", missing.Message, StringComparison.Ordinal);

        var session = await Chat.CreateSessionAsync(user);
        await Assert.ThrowsAsync<ValidationError>(() => TakeAsync(token => Chat.WatchSessionEventsAsync(user, session.Id, after: -1, token), 1));
    }
}

[Collection(GatewayCollection.Name)]
public sealed class GatewayEventWatchTests(ChatDbSilo silo) : EventWatchTests, IAsyncLifetime
{
    private IHost _client = null!;
    private ChatDbClient _chat = null!;

    protected override IChatDb Chat => _chat;

    public async Task InitializeAsync()
    {
        _client = await silo.ConnectClientAsync();
        _chat = new ChatDbClient(_client.Services.GetRequiredService<IClusterClient>());
    }

    public async Task DisposeAsync()
    {
        await _client.StopAsync();
        _client.Dispose();
    }
}

[Collection(RestCollection.Name)]
public sealed class RestEventWatchTests(ChatDbSilo silo) : EventWatchTests, IDisposable
{
    private readonly ChatDbRestClient _chat = new(new Uri(silo.Url), silo.ApiKey);

    protected override IChatDb Chat => _chat;

    public void Dispose() => _chat.Dispose();
}
