using ChatDb.Grains.Events;
using ChatDb.Grains.Models;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// The first read of a session after a restart opens only what it needs: <c>session.json</c>, the message and edits
/// logs. The event log is opened by the first call that uses it, and that open still cuts a torn tail before anything
/// is appended (ARCHITECTURE.md §4).
/// </summary>
public sealed class FlatfileColdReadTests
{
    [Fact]
    public async Task ColdRead_LeavesTheEventLogUnopened_AndTheNextAddCutsItsTornTailBeforeAppending()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "one" });
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "assistant", Content = "two" });
        await chat.RestartAsync();
        var events = chat.PathOf($"users/alice/{session.Id}/events.jsonl");
        await File.AppendAllTextAsync(events, "{\"seq\":4,\"kind\":\"mess");
        var tornLength = new FileInfo(events).Length;

        var read = await chat.Session(session).GetMessagesAsync(new MessageQuery { Latest = true, Limit = 100 });

        Assert.Equal(["one", "two"], read.Select(m => m.Content));
        Assert.Equal(tornLength, new FileInfo(events).Length);

        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "three" });

        Assert.True(File.Exists(events + ".corrupt"), "the torn tail should be kept aside when the event log is opened");
        var lines = await File.ReadAllLinesAsync(events);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("{\"seq\":4,\"kind\":\"message_added\",", lines[3], StringComparison.Ordinal);
        var page = await chat.Session(session).ReadEventsAsync(0, 100);
        Assert.Equal([1L, 2, 3, 4], page.Events.Select(e => e.EventSeq));
        Assert.Equal(["one", "two", "three"], page.Events.OfType<MessageAdded>().Select(e => e.Message.Content));
    }

    [Fact]
    public async Task ColdRead_AppliesTheEditsAndDeletionsMadeBeforeTheRestart()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessagesAsync([new NewMessage { Role = "user", Content = "first" }, new NewMessage { Role = "assistant", Content = "second" }, new NewMessage { Role = "user", Content = "third" }]);
        await grain.EditMessageAsync(1, new MessagePatch { Content = "first, edited" });
        await grain.DeleteMessageAsync(2);
        await chat.RestartAsync();

        var read = await chat.Session(session).GetMessagesAsync(new MessageQuery { Latest = true, Limit = 100 });

        Assert.Equal([(1L, "first, edited", true), (3L, "third", false)], read.Select(m => (m.Seq, m.Content, m.Edited)));
    }

    [Fact]
    public async Task PurgeAfterAColdRead_PublishesTheDeletionWithTheSeqAfterTheLastLoggedEvent()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "one" });
        await chat.RestartAsync();
        await chat.Session(session).GetMessagesAsync(new MessageQuery { Latest = true, Limit = 10 });

        var report = await chat.Session(session).PurgeAsync();

        Assert.Equal(1, report.Messages);
        var deleted = Assert.IsType<SessionDeleted>(chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey("alice", session.Id))[^1]);
        Assert.Equal(3, deleted.EventSeq);
    }
}
