using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;
using Orleans;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class MessageEditTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private async Task<(ISessionGrain Grain, ChatSession Session)> NewSessionWithAsync(int messages)
    {
        var session = await _chat.User(Json.NewUserId()).CreateSessionAsync("t", null);
        var grain = _chat.Session(session);
        for (var i = 1; i <= messages; i++)
        {
            await grain.AddMessageAsync(new NewMessage { Role = "user", Content = $"m{i}", Metadata = Json.Map("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
        }

        return (grain, session);
    }

    [Fact]
    public async Task EditMessage_ReadsReturnTheNewVersionMarkedEdited_AndHistoryShowsEveryVersion()
    {
        var (grain, session) = await NewSessionWithAsync(3);
        _chat.Clock.Advance(TimeSpan.FromMinutes(1));

        var edited = await grain.EditMessageAsync(2, new MessagePatch { Content = "second, fixed", Metadata = Json.Map("n", "null", "k", "\"v\"") });
        await grain.EditMessageAsync(2, new MessagePatch { Content = "second, fixed again" });

        Assert.True(edited.Edited);
        Assert.Equal(_chat.Clock.GetUtcNow(), edited.EditedAt);
        Assert.Equal("second, fixed", edited.Content);
        Assert.Equal(["k"], edited.Metadata.Keys);
        var page = await grain.GetMessagesAsync(MessageQuery.Default);
        Assert.Equal(["m1", "second, fixed again", "m3"], page.Select(m => m.Content));
        Assert.Equal([false, true, false], page.Select(m => m.Edited));
        Assert.All(page, m => Assert.Null(m.History));
        var withHistory = await grain.GetMessagesAsync(new MessageQuery { AfterSeq = 1, Limit = 1, IncludeHistory = true });
        Assert.Equal(["m2", "second, fixed", "second, fixed again"], withHistory.Single().History!.Select(v => v.Content));
        Assert.Equal(3, await grain.CountMessagesAsync());
        var events = _chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey(session.UserId, session.Id)).OfType<MessageEdited>().ToList();
        Assert.Equal(["second, fixed", "second, fixed again"], events.Select(e => e.Message.Content));
    }

    [Fact]
    public async Task DeleteMessage_ReadsSkipIt_PagesStillFill_AndNewMessagesTakeTheNextSeq()
    {
        var (grain, session) = await NewSessionWithAsync(5);

        await grain.DeleteMessageAsync(2);
        await grain.DeleteMessageAsync(2);
        var added = await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "m6" });

        Assert.Equal(6, added.Seq);
        Assert.Equal([1L, 3L, 4L], (await grain.GetMessagesAsync(new MessageQuery { Limit = 3 })).Select(m => m.Seq));
        Assert.Equal([4L, 5L, 6L], (await grain.GetMessagesAsync(new MessageQuery { Limit = 3, Latest = true })).Select(m => m.Seq));
        Assert.Equal([3L], (await grain.GetMessagesAsync(new MessageQuery { AfterSeq = 1, Limit = 1 })).Select(m => m.Seq));
        await Assert.ThrowsAsync<NotFoundError>(() => grain.EditMessageAsync(2, new MessagePatch { Content = "x" }));
        var deleted = _chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey(session.UserId, session.Id)).OfType<MessageDeleted>().ToList();
        Assert.Equal([(2L, false)], deleted.Select(e => (e.Seq, e.Redacted)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public async Task EditDeleteOrRedact_OfASeqTheSessionDoesNotHave_IsNotFound(long seq)
    {
        var (grain, _) = await NewSessionWithAsync(3);

        await Assert.ThrowsAsync<NotFoundError>(() => grain.EditMessageAsync(seq, new MessagePatch { Content = "x" }));
        await Assert.ThrowsAsync<NotFoundError>(() => grain.DeleteMessageAsync(seq));
        await Assert.ThrowsAsync<NotFoundError>(() => grain.RedactMessageAsync(seq, null));
    }

    [Fact]
    public async Task EditMessage_WithNothingToChange_IsAValidationError()
    {
        var (grain, _) = await NewSessionWithAsync(1);

        var error = await Assert.ThrowsAsync<ValidationError>(() => grain.EditMessageAsync(1, new MessagePatch()));

        Assert.Contains("edit-not-empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditMessage_OverTheMessageSizeLimit_IsRefused()
    {
        await using var chat = await ChatCluster.StartAsync(limits => limits.MaxMessageSizeBytes = 10);
        var session = await chat.User(Json.NewUserId()).CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "short" });

        await Assert.ThrowsAsync<StorageLimitExceeded>(() => grain.EditMessageAsync(1, new MessagePatch { Content = "far too long for ten bytes" }));
        Assert.Equal("short", (await grain.GetMessagesAsync(MessageQuery.Default)).Single().Content);
    }

    [Fact]
    public async Task Edits_SurviveASiloRestart()
    {
        await using var chat = await ChatCluster.StartAsync();
        var session = await chat.User(Json.NewUserId()).CreateSessionAsync("t", null);
        var grain = chat.Session(session);
        for (var i = 1; i <= 3; i++)
        {
            await grain.AddMessageAsync(new NewMessage { Role = "user", Content = $"m{i}" });
        }

        await grain.EditMessageAsync(1, new MessagePatch { Content = "one" });
        await grain.DeleteMessageAsync(3);
        await chat.RestartAsync();

        var page = await chat.Session(session).GetMessagesAsync(MessageQuery.Default);
        Assert.Equal([("one", true), ("m2", false)], page.Select(m => (m.Content, m.Edited)));
    }

    [Fact]
    public async Task RedactMessage_HidesItAndLeavesNoTextInEitherLog()
    {
        var (grain, session) = await NewSessionWithAsync(3);
        await grain.EditMessageAsync(2, new MessagePatch { Content = "secret edit" });

        await grain.RedactMessageAsync(2, "admin");
        await grain.RedactMessageAsync(2, "admin");

        Assert.Equal([1L, 3L], (await grain.GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
        var stored = await _chat.LogStorage.ReadAsync<ChatMessage>("messages", grain.GetGrainId(), 2, 1);
        Assert.Equal((string.Empty, 0), (stored.Single().Value.Content, stored.Single().Value.Metadata.Count));
        var edits = await _chat.LogStorage.ReadAsync<MessageEdit>("edits", grain.GetGrainId(), 1, 10);
        Assert.Equal([(MessageEditKind.Edit, (string?)null), (MessageEditKind.Redact, null)], edits.Select(e => (e.Value.Kind, e.Value.Content)));
        Assert.Equal("admin", edits[1].Value.By);
        var deleted = _chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey(session.UserId, session.Id)).OfType<MessageDeleted>().ToList();
        Assert.All(deleted, e => Assert.True(e.Redacted));
    }

    [Fact]
    public async Task Fork_CopiesCurrentVersionsUpToTheSeq_KeepsSeqs_AndRecordsBothEnds()
    {
        var (grain, session) = await NewSessionWithAsync(5);
        await grain.EditMessageAsync(1, new MessagePatch { Content = "first, edited" });
        await grain.DeleteMessageAsync(2);
        await grain.UpdateContextAsync(new SituationalContext("ctx", [], [], _chat.Clock.GetUtcNow(), 0.9));
        await grain.SaveDocumentAsync("a.txt", "doc"u8.ToArray(), null, null);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "m6", Attachments = ["a.txt"] });

        var fork = await grain.ForkAsync(new ForkRequest { AtSeq = 6, Title = "branch" });
        var early = await grain.ForkAsync(new ForkRequest { AtSeq = 3 });

        Assert.Equal(("branch", new ForkLink(session.Id, 6)), (fork.Title, fork.ForkedFrom));
        var forkGrain = _chat.Session(fork);
        var messages = await forkGrain.GetMessagesAsync(MessageQuery.Default);
        Assert.Equal([1L, 3L, 4L, 5L, 6L], messages.Select(m => m.Seq));
        Assert.Equal("first, edited", messages[0].Content);
        Assert.Equal(6, await forkGrain.CountMessagesAsync());
        Assert.Equal("ctx", (await forkGrain.GetContextAsync())!.Summary);
        Assert.Equal("doc"u8.ToArray(), await forkGrain.GetDocumentAsync("a.txt"));
        Assert.Equal([1L, 3L], (await _chat.Session(early).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
        Assert.Equal([new ForkLink(fork.Id, 6), new ForkLink(early.Id, 3)], (await grain.GetAsync()).Forks);
        Assert.Contains((await _chat.User(session.UserId).ListSessionsAsync(null, 0, null)), s => s.Id == fork.Id);

        // Nothing is shared: a change in the fork leaves the origin as it was, and the other way round.
        await forkGrain.EditMessageAsync(3, new MessagePatch { Content = "fork only" });
        await grain.EditMessageAsync(4, new MessagePatch { Content = "origin only" });
        Assert.Equal("m3", (await grain.GetMessagesAsync(new MessageQuery { AfterSeq = 2, Limit = 1 })).Single().Content);
        Assert.Equal("m4", (await forkGrain.GetMessagesAsync(new MessageQuery { AfterSeq = 3, Limit = 1 })).Single().Content);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(-1)]
    public async Task Fork_OutsideTheMessages_IsAValidationError(long atSeq)
    {
        var (grain, _) = await NewSessionWithAsync(3);

        var error = await Assert.ThrowsAsync<ValidationError>(() => grain.ForkAsync(new ForkRequest { AtSeq = atSeq }));

        Assert.Contains("fork-within-messages", error.Message, StringComparison.Ordinal);
        Assert.Null((await grain.GetAsync()).Forks);
    }

    [Fact]
    public async Task RedactMessage_InTheOrigin_RedactsTheSameSeqInForksThatHoldIt()
    {
        var (grain, _) = await NewSessionWithAsync(3);
        var holds = await grain.ForkAsync(new ForkRequest());
        var before = await grain.ForkAsync(new ForkRequest { AtSeq = 1 });

        await grain.RedactMessageAsync(2, null);

        Assert.Equal([1L, 3L], (await _chat.Session(holds).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
        var copy = await _chat.LogStorage.ReadAsync<ChatMessage>("messages", _chat.Session(holds).GetGrainId(), 2, 1);
        Assert.Equal(string.Empty, copy.Single().Value.Content);
        Assert.Equal([1L], (await _chat.Session(before).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
    }

    [Fact]
    public async Task Fork_OfARedactedMessage_StaysRedacted()
    {
        var (grain, _) = await NewSessionWithAsync(2);
        await grain.RedactMessageAsync(1, null);

        var fork = await grain.ForkAsync(new ForkRequest());

        Assert.Equal([2L], (await _chat.Session(fork).GetMessagesAsync(MessageQuery.Default)).Select(m => m.Seq));
        var edits = await _chat.LogStorage.ReadAsync<MessageEdit>("edits", _chat.Session(fork).GetGrainId(), 1, 10);
        Assert.Equal([(MessageEditKind.Redact, 1L)], edits.Select(e => (e.Value.Kind, e.Value.TargetSeq)));
    }
}
