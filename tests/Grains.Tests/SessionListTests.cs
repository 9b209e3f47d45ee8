using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Users;
using ChatDb.Storage;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class SessionListTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task ListSessions_AfterMessages_IsNewestFirstByUpdatedAt()
    {
        var chat = _chat;
        var user = chat.User(Json.NewUserId());
        var a = await user.CreateSessionAsync("A", null);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await user.CreateSessionAsync("B", null);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var c = await user.CreateSessionAsync("C", null);

        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        await chat.Session(a).AddMessageAsync(new NewMessage { Role = "user", Content = "bump a" });
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        await chat.Session(b).AddMessageAsync(new NewMessage { Role = "user", Content = "bump b" });

        var listed = await user.ListSessionsAsync(null, 0, null);

        Assert.Equal([b.Id, a.Id, c.Id], listed.Select(s => s.Id));
        Assert.Equal(chat.Clock.GetUtcNow(), listed[0].UpdatedAt);
        Assert.Equal(listed[0].UpdatedAt, (await chat.Session(b).GetAsync()).UpdatedAt);
    }

    [Fact]
    public async Task ListSessions_WithATitleQuery_MatchesSubstringsIgnoringCase()
    {
        var user = _chat.User(Json.NewUserId());
        await user.CreateSessionAsync("Python help", null);
        await user.CreateSessionAsync("Cooking", null);
        await user.CreateSessionAsync("More PYTHON", null);

        var found = await user.ListSessionsAsync(null, 0, "python");

        Assert.Equal(["More PYTHON", "Python help"], found.Select(s => s.Title).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListSessions_PagesWithLimitAndOffset_AndDefaultsToTheConfiguredLimit()
    {
        await using var chat = await ChatCluster.StartAsync(o => o.SessionListDefaultLimit = 4);
        var user = chat.User("carol");
        var created = new List<ChatSession>();
        for (var i = 0; i < 6; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
            created.Add(await user.CreateSessionAsync($"s{i}", null));
        }

        var first = await user.ListSessionsAsync(null, 0, null);
        var second = await user.ListSessionsAsync(3, 4, null);

        Assert.Equal(["s5", "s4", "s3", "s2"], first.Select(s => s.Title));
        Assert.Equal(["s1", "s0"], second.Select(s => s.Title));
    }

    [Fact]
    public async Task CreateSession_OverMaxSessionsPerUser_ThrowsNamingLimitAndValue()
    {
        // The default page may not exceed the maximum, or the limits fail validation at start.
        await using var chat = await ChatCluster.StartAsync(o => (o.MaxSessionsPerUser, o.SessionListDefaultLimit) = (2, 2));
        var user = chat.User("dave");
        await user.CreateSessionAsync(null, null);
        await user.CreateSessionAsync(null, null);

        var error = await Assert.ThrowsAsync<StorageLimitExceeded>(() => user.CreateSessionAsync(null, null));

        Assert.Equal(("MaxSessionsPerUser", 2L, 3L), (error.LimitName, error.Limit, error.Actual));
        Assert.Contains("dave", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, await user.CountSessionsAsync());
    }

    [Fact]
    public async Task Activity_IsWrittenToTheIndexByTheFlushTimer_NotOnEveryMessage()
    {
        var chat = _chat;
        var userId = Json.NewUserId();
        var user = chat.User(userId);
        var session = await user.CreateSessionAsync("t", null);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        await chat.Session(session).AddMessageAsync(new NewMessage { Role = "user", Content = "x" });
        var activeAt = chat.Clock.GetUtcNow();

        var beforeFlush = await chat.ReadStateAsync<SessionIndex>("user", userId, "sessions");
        chat.Clock.Advance(UserGrain.ActivityFlushDelay);
        await user.CountSessionsAsync(); // the flush tick ran as a turn before this call
        var afterFlush = await chat.ReadStateAsync<SessionIndex>("user", userId, "sessions");

        Assert.Equal(session.UpdatedAt, Assert.Single(beforeFlush.State!.Sessions).UpdatedAt);
        Assert.Equal(activeAt, Assert.Single(afterFlush.State!.Sessions).UpdatedAt);
    }

    [Fact]
    public async Task Activity_NotYetFlushed_IsWrittenAtDeactivation_SoTheOrderSurvivesARestart()
    {
        await using var chat = await ChatCluster.StartAsync();
        var user = chat.User("fay");
        var a = await user.CreateSessionAsync("A", null);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await user.CreateSessionAsync("B", null);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        await chat.Session(a).AddMessageAsync(new NewMessage { Role = "user", Content = "x" });

        await chat.RestartAsync();

        Assert.Equal([a.Id, b.Id], (await user.ListSessionsAsync(null, 0, null)).Select(s => s.Id));
    }
}
