using System.Globalization;
using ChatDb.Grains.Events;
using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class SessionTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task CreateSession_ReturnsAGeneratedUtcIdAndInitialisesTheSessionGrain()
    {
        var chat = _chat;
        var userId = Json.NewUserId();

        var session = await chat.User(userId).CreateSessionAsync("Python help", Json.Map("model", "\"gpt\""));

        Assert.Equal("chat_session_" + chat.Clock.GetUtcNow().ToString("yyyyMMdd_HHmmss_ffffff", CultureInfo.InvariantCulture), session.Id);
        Assert.Equal(userId, session.UserId);
        var read = await chat.Session(session).GetAsync();
        Assert.Equal("Python help", read.Title);
        Assert.Equal(session.CreatedAt, read.CreatedAt);
        Assert.Equal("gpt", read.Metadata["model"].GetString());
        var created = Assert.IsType<SessionCreated>(Assert.Single(chat.Events.On(ChatStreams.SessionEvents, ChatGrainKeys.Session(userId, session.Id))));
        Assert.Equal(ChatEventKinds.SessionCreated, created.Kind);
    }

    [Fact]
    public async Task CreateSession_WithoutTitle_UsesTheDefaultTitle()
    {
        var session = await _chat.User(Json.NewUserId()).CreateSessionAsync(null, null);

        Assert.Equal("New chat", session.Title);
        Assert.Empty(session.Metadata);
    }

    [Fact]
    public async Task GetAsync_OfASessionNeverCreated_ThrowsNotFoundNamingUserAndSession()
    {
        var userId = Json.NewUserId("bob");

        var error = await Assert.ThrowsAsync<NotFoundError>(() => _chat.Session(userId, "chat_session_20250101_000000_000000").GetAsync());

        Assert.Contains(userId, error.Message, StringComparison.Ordinal);
        Assert.Contains("chat_session_20250101_000000_000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSession_HundredInParallelOnAFrozenClock_GivesHundredDistinctValidIds()
    {
        var user = _chat.User(Json.NewUserId());

        var sessions = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => user.CreateSessionAsync(null, null)));

        var format = new FlatfileStorageOptions().IdFormat();
        Assert.Equal(100, sessions.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(sessions, s => Assert.True(format.IsValid(GeneratedIdKind.Session, s.Id), s.Id));
        Assert.Equal(100, await user.CountSessionsAsync());
    }

    [Fact]
    public async Task CreateSession_AfterADeletion_NeverReusesAnId()
    {
        await using var chat = await ChatCluster.StartAsync();
        var user = chat.User("dave");
        var first = await user.CreateSessionAsync(null, null);
        await chat.Session(first).DeleteAsync();

        await chat.RestartAsync();
        var second = await user.CreateSessionAsync(null, null);

        Assert.True(string.CompareOrdinal(second.Id, first.Id) > 0, $"{second.Id} should come after {first.Id}");
    }

    [Fact]
    public async Task UpdateAsync_ChangesTitleAndMergesMetadata_AndTheListShowsIt()
    {
        var chat = _chat;
        var userId = Json.NewUserId();
        var user = chat.User(userId);
        var session = await user.CreateSessionAsync("Old", Json.Map("a", "1", "b", "2"));
        chat.Clock.Advance(TimeSpan.FromSeconds(3));

        var updated = await chat.Session(session).UpdateAsync(new SessionPatch { Title = "New", Metadata = Json.Map("b", "null", "c", "3") });

        Assert.Equal("New", updated.Title);
        Assert.Equal(["a", "c"], updated.Metadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(session.CreatedAt + TimeSpan.FromSeconds(3), updated.UpdatedAt);
        var listed = Assert.Single(await user.ListSessionsAsync(null, 0, null));
        Assert.Equal("New", listed.Title);
        var index = await chat.ReadStateAsync<Users.SessionIndex>("user", userId, "sessions");
        Assert.Equal("New", Assert.Single(index.State!.Sessions).Title);
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheSessionItsFilesAndItsIndexEntry()
    {
        var chat = _chat;
        var userId = Json.NewUserId();
        var user = chat.User(userId);
        var session = await user.CreateSessionAsync("Doomed", null);
        var grain = chat.Session(session);
        await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "hi" });
        await grain.SaveDocumentAsync("notes.txt", [1, 2, 3], null, null);
        await grain.UpdateContextAsync(new SituationalContext("s", [], [], default, 0.5));
        await grain.SaveContextSnapshotAsync(null);

        var report = await grain.DeleteAsync();

        Assert.Equal((1L, 1, 1), (report.Messages, report.Documents, report.ContextSnapshots));
        Assert.Equal(2, report.FilesRemoved);
        await Assert.ThrowsAsync<NotFoundError>(() => grain.GetAsync());
        Assert.Empty(await user.ListSessionsAsync(null, 0, null));
        Assert.Equal(0, await chat.FileStorage.DeleteAllAsync(GrainId.Create("session", ChatGrainKeys.Session(userId, session.Id))));
        Assert.Equal(0, await chat.LogStorage.CountAsync("messages", GrainId.Create("session", ChatGrainKeys.Session(userId, session.Id))));
        Assert.IsType<SessionDeleted>(chat.Events.On(ChatStreams.SessionEvents, ChatGrainKeys.Session(userId, session.Id))[^1]);
    }

    [Fact]
    public async Task SessionState_SurvivesASiloRestart()
    {
        await using var chat = await ChatCluster.StartAsync();
        var session = await chat.User("gina").CreateSessionAsync("Keep", null);
        var grain = chat.Session(session);
        for (var i = 1; i <= 3; i++)
        {
            chat.Clock.Advance(TimeSpan.FromSeconds(1));
            await grain.AddMessageAsync(new NewMessage { Role = "user", Content = $"m{i}" });
        }

        await grain.SaveDocumentAsync("a.md", [42], null, null);
        await grain.UpdateContextAsync(new SituationalContext("ctx", ["k"], [], default, 0.9));
        var before = await grain.GetAsync();

        await chat.RestartAsync();

        var after = await grain.GetAsync();
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(["m1", "m2", "m3"], (await grain.GetMessagesAsync(MessageQuery.Default)).Select(m => m.Content));
        Assert.Equal([42], await grain.GetDocumentAsync("a.md"));
        Assert.Equal("ctx", (await grain.GetContextAsync())!.Summary);
        Assert.Equal(4, (await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "m4" })).Seq);
    }
}
