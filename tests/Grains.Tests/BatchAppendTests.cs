using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class BatchAppendTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    private async Task<(ISessionGrain Grain, ChatSession Session)> NewSessionAsync()
    {
        var session = await _chat.User(Json.NewUserId()).CreateSessionAsync("batch", null);
        return (_chat.Session(session), session);
    }

    private static NewMessage[] Messages(int count, string? idPrefix = null) =>
        [.. Enumerable.Range(1, count).Select(i => new NewMessage { Role = i % 2 == 1 ? "user" : "assistant", Content = $"m{i}", Id = idPrefix is null ? null : $"{idPrefix}{i}" })];

    [Fact]
    public async Task AddMessages_OfAHundred_StoresThemInOrderWithOneAppendOfTheMessageLogAndOneOfTheEventLog_AndPublishesEach()
    {
        var (grain, session) = await NewSessionAsync();
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "before" });
        var (messagesBefore, eventsBefore) = (_chat.LogStorage.AppendsTo("messages"), _chat.LogStorage.AppendsTo("events"));

        var added = await grain.AddMessagesAsync(Messages(100));

        Assert.Equal((1, 1), (_chat.LogStorage.AppendsTo("messages") - messagesBefore, _chat.LogStorage.AppendsTo("events") - eventsBefore));
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), added.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"m{i}"), added.Select(m => m.Content));
        Assert.All(added, m => Assert.NotNull(m.Tokens));
        Assert.Equal(101, await grain.CountMessagesAsync());
        var read = await grain.GetMessagesAsync(new MessageQuery { AfterSeq = 1, Limit = 200 });
        Assert.Equal(added.Select(m => (m.Seq, m.Id, m.Content)), read.Select(m => (m.Seq, m.Id, m.Content)));
        var published = _chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey(session.UserId, session.Id)).OfType<MessageAdded>();
        Assert.Equal(Enumerable.Range(1, 101).Select(i => (long)i), published.Select(e => e.Message.Seq));
    }

    [Fact]
    public async Task AddMessages_Retried_ReturnsTheStoredMessages_AndWritesNothing()
    {
        var (grain, _) = await NewSessionAsync();
        var batch = Messages(5, "client-");

        var first = await grain.AddMessagesAsync(batch);
        _chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await grain.AddMessagesAsync(batch);

        Assert.Equal(first.Select(m => (m.Seq, m.Id, m.Timestamp)), retry.Select(m => (m.Seq, m.Id, m.Timestamp)));
        Assert.Equal(5, await grain.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessages_PartlyStored_ReturnsTheStoredOnes_AndAppendsOnlyTheRest()
    {
        var (grain, _) = await NewSessionAsync();
        var stored = await grain.AddMessageAsync(new NewMessage { Id = "c2", Role = "user", Content = "m2" });

        var added = await grain.AddMessagesAsync(Messages(3, "c"));

        Assert.Equal([2L, 1L, 3L], added.Select(m => m.Seq));
        Assert.Equal(stored.Id, added[1].Id);
        Assert.Equal(3, await grain.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessages_OverTheBatchLimit_Throws413NamingTheLimit_AndWritesNothing()
    {
        var (grain, _) = await NewSessionAsync();

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => grain.AddMessagesAsync(Messages(101)));

        Assert.Contains("MaxMessagesPerBatch", error.Message, StringComparison.Ordinal);
        Assert.Contains("100", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await grain.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessages_WithOneBadMessage_NamesItsIndex_AndWritesNoneOfThem()
    {
        var (grain, _) = await NewSessionAsync();
        var batch = Messages(10);
        batch[6] = batch[6] with { Role = " " };

        var error = await Assert.ThrowsAsync<ValidationError>(() => grain.AddMessagesAsync(batch));

        Assert.Contains("batch message 6", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await grain.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessages_WithTheSameIdTwice_OrEmpty_IsRejected()
    {
        var (grain, _) = await NewSessionAsync();
        var twice = Messages(3, "same");
        twice[2] = twice[2] with { Id = "same1" };

        var duplicate = await Assert.ThrowsAsync<ValidationError>(() => grain.AddMessagesAsync(twice));
        await Assert.ThrowsAsync<ValidationError>(() => grain.AddMessagesAsync([]));

        Assert.Contains("unique-in-batch", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(0, await grain.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessages_BeyondTheSessionLimit_WritesNothing()
    {
        await using var chat = await ChatCluster.StartAsync(o => (o.MaxMessagesPerSession, o.MessagePaginationDefaultLimit) = (5, 5));
        var grain = chat.Session(await chat.User("u").CreateSessionAsync("full", null));
        await grain.AddMessagesAsync(Messages(3));

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => grain.AddMessagesAsync(Messages(3)));

        Assert.Contains("MaxMessagesPerSession", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, await grain.CountMessagesAsync());
    }
}
