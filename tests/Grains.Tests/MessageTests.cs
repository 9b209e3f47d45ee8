using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class MessageTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    /// <summary>A new session of a user no other test uses.</summary>
    private static async Task<ISessionGrain> NewSessionAsync(ChatCluster chat, string? userId = null) =>
        chat.Session(await chat.User(userId ?? Json.NewUserId()).CreateSessionAsync("t", null));

    private static async Task AddAsync(ISessionGrain session, int count, FakeTimeProvider? clock = null)
    {
        for (var i = 1; i <= count; i++)
        {
            clock?.Advance(TimeSpan.FromSeconds(1));
            await session.AddMessageAsync(new NewMessage { Role = i % 2 == 1 ? "user" : "assistant", Content = $"m{i}" });
        }
    }

    [Fact]
    public async Task AddMessage_AssignsSequenceNumbersFromOne_AndPublishesMessageAdded()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);

        var first = await session.AddMessageAsync(new NewMessage { Role = "user", Content = "hello", Attachments = ["a.pdf"], Metadata = Json.Map("k", "1") });
        var second = await session.AddMessageAsync(new NewMessage { Role = "assistant", Content = "hi" });

        Assert.Equal((1L, 2L), (first.Seq, second.Seq));
        Assert.StartsWith("msg_", first.Id, StringComparison.Ordinal);
        Assert.Equal(["a.pdf"], first.Attachments);
        Assert.Equal(chat.Clock.GetUtcNow(), first.Timestamp);
        Assert.Equal(2, await session.CountMessagesAsync());
        var stored = await session.GetAsync();
        var added = chat.Events.On(ChatStreams.SessionEvents, ChatStreams.SessionKey(stored.UserId, stored.Id)).OfType<MessageAdded>().ToList();
        Assert.Equal([1L, 2L], added.Select(e => e.Message.Seq));
    }

    [Fact]
    public async Task AddMessage_SameClientIdTwice_StoresOneMessageAndReturnsTheSameSeq()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        await AddAsync(session, 2);

        var first = await session.AddMessageAsync(new NewMessage { Id = "client-42", Role = "user", Content = "once" });
        var retry = await session.AddMessageAsync(new NewMessage { Id = "client-42", Role = "user", Content = "once" });

        Assert.Equal(3, first.Seq);
        Assert.Equal(first.Seq, retry.Seq);
        Assert.Equal("client-42", retry.Id);
        Assert.Equal(3, await session.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessage_RetriedAfterTheSiloRestarted_IsStillIdempotent()
    {
        await using var chat = await ChatCluster.StartAsync();
        var session = await NewSessionAsync(chat);
        var first = await session.AddMessageAsync(new NewMessage { Id = "retry-me", Role = "user", Content = "x" });
        await AddAsync(session, 3);

        await chat.RestartAsync();
        var retry = await session.AddMessageAsync(new NewMessage { Id = "retry-me", Role = "user", Content = "x" });

        Assert.Equal(first.Seq, retry.Seq);
        Assert.Equal(4, await session.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessage_WithAnIdOfTheGeneratedForm_IsRejected()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);

        var error = await Assert.ThrowsAsync<ValidationError>(
            () => session.AddMessageAsync(new NewMessage { Id = "msg_0123456789abcdef0123456789abcdef", Role = "user", Content = "x" }));

        Assert.Contains("reserved-message-id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMessage_WithAGivenTimestamp_StoresItInUtcToTheMicrosecond()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        var given = new DateTimeOffset(2025, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

        var stored = await session.AddMessageAsync(new NewMessage { Role = "user", Content = "x", Timestamp = given });

        Assert.Equal(TimeSpan.Zero, stored.Timestamp.Offset);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560), stored.Timestamp);
    }

    [Fact]
    public async Task AddMessage_OverMaxMessageSizeBytes_CountingMetadata_ThrowsNamingLimitAndValue()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.MaxMessageSizeBytes = 20);
        var session = await NewSessionAsync(chat);

        await session.AddMessageAsync(new NewMessage { Role = "user", Content = new string('a', 20) });
        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(
            () => session.AddMessageAsync(new NewMessage { Role = "user", Content = "é", Metadata = Json.Map("k", "\"01234567890\"") }));

        Assert.Equal("MaxMessageSizeBytes", error.LimitName);
        Assert.Equal((20L, 2L + 19L), (error.Limit, error.Actual)); // "é" is 2 bytes, {"k":"01234567890"} 19
        Assert.Contains("MaxMessageSizeBytes = 20", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await session.CountMessagesAsync());
    }

    [Fact]
    public async Task AddMessage_OverMaxMessagesPerSession_ThrowsNamingLimitAndValue()
    {
        // The default page may not exceed the maximum, or the limits fail validation at start.
        await using var chat = await ChatCluster.StartAsync(o => (o.MaxMessagesPerSession, o.MessagePaginationDefaultLimit) = (3, 3));
        var session = await NewSessionAsync(chat, "alice");
        await AddAsync(session, 3);

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => session.AddMessageAsync(new NewMessage { Role = "user", Content = "4th" }));

        Assert.Equal(("MaxMessagesPerSession", 3L, 4L), (error.LimitName, error.Limit, error.Actual));
        Assert.Contains("alice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMessages_ByOffsetAndLimit_IsOldestFirst_WithTheConfiguredDefaultLimit()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.MessagePaginationDefaultLimit = 7);
        var session = await NewSessionAsync(chat);
        await AddAsync(session, 20);

        var page = await session.GetMessagesAsync(new MessageQuery { Offset = 5, Limit = 4 });
        var defaultPage = await session.GetMessagesAsync(MessageQuery.Default);
        var pastTheEnd = await session.GetMessagesAsync(new MessageQuery { Offset = 18, Limit = 10 });

        Assert.Equal([6L, 7, 8, 9], page.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), defaultPage.Select(m => m.Seq));
        Assert.Equal([19L, 20], pastTheEnd.Select(m => m.Seq));
    }

    [Fact]
    public async Task GetMessages_ByCursor_ReturnsMessagesAfterOrBeforeASeq()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        await AddAsync(session, 300);

        var after = await session.GetMessagesAsync(new MessageQuery { AfterSeq = 10, Limit = 3 });
        var before = await session.GetMessagesAsync(new MessageQuery { BeforeSeq = 10, Limit = 3 });
        var latestBefore = await session.GetMessagesAsync(new MessageQuery { BeforeSeq = 10, Limit = 3, Latest = true });
        var between = await session.GetMessagesAsync(new MessageQuery { AfterSeq = 5, BeforeSeq = 9 });
        var newest = await session.GetMessagesAsync(new MessageQuery { Limit = 2, Latest = true });

        Assert.Equal([11L, 12, 13], after.Select(m => m.Seq));
        Assert.Equal([1L, 2, 3], before.Select(m => m.Seq));
        Assert.Equal([7L, 8, 9], latestBefore.Select(m => m.Seq));
        Assert.Equal([6L, 7, 8], between.Select(m => m.Seq));
        Assert.Equal([299L, 300], newest.Select(m => m.Seq));
    }

    [Fact]
    public async Task GetMessages_ByTimeRange_KeepsFromInclusiveAndToExclusive()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        var start = chat.Clock.GetUtcNow();
        await AddAsync(session, 10, chat.Clock);

        var range = await session.GetMessagesAsync(new MessageQuery { From = start.AddSeconds(3), To = start.AddSeconds(6) });
        var latestInRange = await session.GetMessagesAsync(new MessageQuery { From = start.AddSeconds(3), Limit = 2, Latest = true });
        var offsetInRange = await session.GetMessagesAsync(new MessageQuery { From = start.AddSeconds(3), Offset = 1, Limit = 2 });

        Assert.Equal([3L, 4, 5], range.Select(m => m.Seq));
        Assert.Equal([9L, 10], latestInRange.Select(m => m.Seq));
        Assert.Equal([4L, 5], offsetInRange.Select(m => m.Seq));
    }

    [Fact]
    public async Task GetMessages_OfTheLastHundred_IsServedFromMemoryWithoutReadingStorage()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);
        await AddAsync(session, 400);
        chat.LogStorage.ResetReads();

        var newest = await session.GetMessagesAsync(new MessageQuery { Limit = 100, Latest = true });
        Assert.Equal(0, chat.LogStorage.Reads);
        var oldest = await session.GetMessagesAsync(new MessageQuery { Limit = 100 });

        Assert.Equal(Enumerable.Range(301, 100).Select(i => (long)i), newest.Select(m => m.Seq));
        Assert.Equal(1L, oldest[0].Seq);
        Assert.Equal(1, chat.LogStorage.Reads);
    }

    [Fact]
    public async Task GetMessages_WithANegativeOffsetOrZeroLimit_IsAValidationError()
    {
        var chat = _chat;
        var session = await NewSessionAsync(chat);

        await Assert.ThrowsAsync<ValidationError>(() => session.GetMessagesAsync(new MessageQuery { Offset = -1 }));
        await Assert.ThrowsAsync<ValidationError>(() => session.GetMessagesAsync(new MessageQuery { Limit = 0 }));
    }

    [Fact]
    public async Task AddMessage_ToASessionNeverCreated_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundError>(
            () => _chat.Session(Json.NewUserId("zoe"), "chat_session_20250101_000000_000000").AddMessageAsync(new NewMessage { Role = "user", Content = "x" }));
    }
}
