using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>
/// Each session and panel keeps its events in <c>events.jsonl</c> (docs/STORAGE.md): numbered gapless from 1,
/// message events as references to the message and edits logs, read back as the events were published.
/// </summary>
public sealed class FlatfileEventLogTests
{
    [Fact]
    public async Task SessionEvents_AreNumberedGaplessFromOne_AndReadBackInOrder()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "first" });
        await grain.AddMessagesAsync([new NewMessage { Role = "user", Content = "second" }, new NewMessage { Role = "assistant", Content = "third" }]);
        await grain.EditMessageAsync(1, new MessagePatch { Content = "first, edited" });
        await grain.EditMessageAsync(1, new MessagePatch { Content = "first, edited twice" });
        await grain.DeleteMessageAsync(2);
        await grain.UpdateContextAsync(new SituationalContext("s", [], [], TestClusters.ClockStart, 1.0));

        var page = await grain.ReadEventsAsync(0, 100);

        Assert.Equal(
            [ChatEventKinds.SessionCreated, ChatEventKinds.MessageAdded, ChatEventKinds.MessageAdded, ChatEventKinds.MessageAdded,
                ChatEventKinds.MessageEdited, ChatEventKinds.MessageEdited, ChatEventKinds.MessageDeleted, ChatEventKinds.ContextUpdated],
            page.Events.Select(e => e.Kind));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), page.Events.Select(e => e.EventSeq));
        Assert.Equal((8L, 8L), (page.Next, page.LastEventSeq));
        Assert.Equal(["first", "second", "third"], page.Events.OfType<MessageAdded>().Select(e => e.Message.Content));
        Assert.Equal(["first, edited", "first, edited twice"], page.Events.OfType<MessageEdited>().Select(e => e.Message.Content));
        Assert.Equal(2, Assert.IsType<MessageDeleted>(page.Events[6]).Seq);

        // What went on the stream carries the same numbers.
        var published = chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey("alice", session.Id));
        Assert.Equal(page.Events.Select(e => (e.EventSeq, e.Kind)), published.Select(e => (e.EventSeq, e.Kind)));
    }

    [Fact]
    public async Task EventLog_HoldsMessageEventsAsReferences_SoTheTextIsNeverInIt()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "secret words" });
        await grain.EditMessageAsync(1, new MessagePatch { Content = "other secret" });

        var log = File.ReadAllLines(chat.PathOf($"users/alice/{session.Id}/events.jsonl"));

        Assert.Equal(3, log.Length);
        Assert.StartsWith("{\"seq\":2,\"kind\":\"message_added\",", log[1], StringComparison.Ordinal);
        Assert.Contains("\"message_seq\":1", log[1], StringComparison.Ordinal);
        Assert.Contains("\"edit_seq\":1", log[2], StringComparison.Ordinal);
        Assert.DoesNotContain(log, line => line.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReplayOfARedactedMessage_ShowsItWithoutItsText()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "to be erased" });
        await grain.EditMessageAsync(1, new MessagePatch { Content = "also erased" });

        await grain.RedactMessageAsync(1, "ops");

        var page = await grain.ReadEventsAsync(0, 100);
        Assert.Equal([ChatEventKinds.SessionCreated, ChatEventKinds.MessageAdded, ChatEventKinds.MessageEdited, ChatEventKinds.MessageDeleted], page.Events.Select(e => e.Kind));
        Assert.DoesNotContain("erased", page.Events.OfType<MessageAdded>().Single().Message.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("erased", page.Events.OfType<MessageEdited>().Single().Message.Content, StringComparison.Ordinal);
        Assert.True(Assert.IsType<MessageDeleted>(page.Events[3]).Redacted);
    }

    [Fact]
    public async Task ReadEvents_PagesWithNext_AndRefusesAnAfterBeyondTheEnd()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        for (var i = 0; i < 5; i++)
        {
            await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "m" + i });
        }

        var first = await grain.ReadEventsAsync(0, 4);
        var second = await grain.ReadEventsAsync(first.Next, 4);
        var end = await grain.ReadEventsAsync(6, 4);

        Assert.Equal([1L, 2, 3, 4], first.Events.Select(e => e.EventSeq));
        Assert.Equal([5L, 6], second.Events.Select(e => e.EventSeq));
        Assert.Empty(end.Events);
        Assert.Equal(6, end.Next);
        var error = await Assert.ThrowsAsync<ValidationError>(() => grain.ReadEventsAsync(7, 4));
        Assert.Contains("event seq 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("last event seq is 6", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationError>(() => grain.ReadEventsAsync(-1, 4));
    }

    [Fact]
    public async Task EventNumbers_ContinueAfterARestart()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "before" });

        await chat.RestartAsync();
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "after" });

        var page = await chat.Session(session).ReadEventsAsync(0, 100);
        Assert.Equal([1L, 2, 3], page.Events.Select(e => e.EventSeq));
        Assert.Equal(["before", "after"], page.Events.OfType<MessageAdded>().Select(e => e.Message.Content));
    }

    [Fact]
    public async Task MessagesWithoutEvents_AsAfterACrashBetweenTheTwoWrites_GetTheirEventsAtTheNextAppend()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "one" });
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "two" });
        await chat.CrashAndStartAsync();

        // The event log lost its last line (the message write finished, the event write did not).
        var path = chat.PathOf($"users/alice/{session.Id}/events.jsonl");
        File.WriteAllLines(path, File.ReadAllLines(path)[..2]);
        await chat.Session(session).UpdateAsync(new SessionPatch { Title = "renamed" });

        var page = await chat.Session(session).ReadEventsAsync(0, 100);
        Assert.Equal([ChatEventKinds.SessionCreated, ChatEventKinds.MessageAdded, ChatEventKinds.MessageAdded, ChatEventKinds.SessionUpdated], page.Events.Select(e => e.Kind));
        Assert.Equal(["one", "two"], page.Events.OfType<MessageAdded>().Select(e => e.Message.Content));
    }

    [Fact]
    public async Task LostMessageEvents_AsAfterAPowerLoss_ComeBackAtTheFirstRead_WithTheSeqsTheyWerePublishedWith()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = text });
        }

        var published = chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey("alice", session.Id)).OfType<MessageAdded>()
            .Select(e => (e.EventSeq, e.Message.Content)).ToList();
        await chat.CrashAndStartAsync();

        // Message events are written without an fsync of their own: the power loss took the last two.
        var path = chat.PathOf($"users/alice/{session.Id}/events.jsonl");
        File.WriteAllLines(path, File.ReadAllLines(path)[..2]);

        // A client that saw event 4 live resumes after it: not a 400, and nothing it saw comes back renumbered.
        var resumed = await chat.Session(session).ReadEventsAsync(4, 100);
        var replay = await chat.Session(session).ReadEventsAsync(0, 100);

        Assert.Equal((4L, 4L), (resumed.Next, resumed.LastEventSeq));
        Assert.Empty(resumed.Events);
        Assert.Equal(published, replay.Events.OfType<MessageAdded>().Select(e => (e.EventSeq, e.Message.Content)));
    }

    [Fact]
    public async Task TrashAndRestore_KeepTheLog_AndNumberOnAfterTheDeletion()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var session = await chat.User("alice").CreateSessionAsync("t", null);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "kept" });

        await chat.Session(session).DeleteAsync();
        await chat.User("alice").RestoreSessionAsync(session.Id);
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "after restore" });

        var page = await chat.Session(session).ReadEventsAsync(0, 100);
        Assert.Equal(
            [ChatEventKinds.SessionCreated, ChatEventKinds.MessageAdded, ChatEventKinds.SessionDeleted, ChatEventKinds.SessionRestored, ChatEventKinds.MessageAdded],
            page.Events.Select(e => e.Kind));
        Assert.Equal([1L, 2, 3, 4, 5], page.Events.Select(e => e.EventSeq));
    }

    [Fact]
    public async Task PanelEvents_AreLoggedAndNumbered_WithMessagesAsReferences()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var panel = await chat.Panels.CreatePanelAsync("team", ["analyst"], null);
        await chat.Panel(panel.Id).AddMessageAsync(new NewMessage { Role = "analyst", Content = "panel words" });
        await chat.Panel(panel.Id).SaveInsightAsync(Json.Map("k", "1"));

        var page = await chat.Panel(panel.Id).ReadEventsAsync(0, 100);

        Assert.Equal([ChatEventKinds.PanelCreated, ChatEventKinds.PanelMessageAdded, ChatEventKinds.InsightSaved], page.Events.Select(e => e.Kind));
        Assert.Equal([1L, 2, 3], page.Events.Select(e => e.EventSeq));
        Assert.Equal("panel words", page.Events.OfType<PanelMessageAdded>().Single().Message.Content);
        Assert.DoesNotContain("panel words", File.ReadAllText(chat.PathOf($"panel_sessions/{panel.Id}/events.jsonl")), StringComparison.Ordinal);
        Assert.Equal([1L, 2, 3], chat.Events.On(ChatStreams.PanelEvents, panel.Id).Select(e => e.EventSeq));
    }
}
