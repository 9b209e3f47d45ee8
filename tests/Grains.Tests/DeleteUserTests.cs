using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Grains.Users;
using ChatDb.Storage;
using ChatDb.Storage.Keys;
using Orleans.Runtime;

namespace ChatDb.Grains.Tests;

[Collection(SharedChatCollection.Name)]
public sealed class DeleteUserTests(SharedChatCluster shared)
{
    private readonly ChatCluster _chat = shared.Chat;

    [Fact]
    public async Task DeleteUser_RemovesProfileSessionsMessagesDocumentsContextAndPersonas_LeavingNothing()
    {
        var chat = _chat;
        var alice = Json.NewUserId("alice");
        var user = chat.User(alice);
        await user.PutProfileAsync(new UserProfileInput { DisplayName = "Alice" });
        var sessions = new List<ChatSession>();
        for (var i = 0; i < 3; i++)
        {
            var session = await user.CreateSessionAsync($"s{i}", null);
            sessions.Add(session);
            var grain = chat.Session(session);
            await grain.AddMessageAsync(new NewMessage { Role = "user", Content = "hello", Id = $"c{i}" });
            await grain.AddMessageAsync(new NewMessage { Role = "assistant", Content = "hi" });
            await grain.SaveDocumentAsync("a.pdf", [1, 2], null, null);
            await grain.UpdateContextAsync(new SituationalContext("ctx", [], [], default, 0.5));
            await grain.SaveContextSnapshotAsync(null);
        }

        var persona = chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(alice, "tutor"));
        await persona.SaveAsync(Json.Map("a", "1"));
        await persona.SaveAsync(Json.Map("a", "2"));
        var bystander = await chat.User(Json.NewUserId("bob")).CreateSessionAsync("bob's", null);

        var report = await user.DeleteAsync();

        Assert.Equal(new UserDeletionReport(alice, true, 3, 6, 3, 1, 3 * 2 + 2), report);
        Assert.Null(await user.GetProfileAsync());
        Assert.Empty(await user.ListSessionsAsync(null, 0, null));
        Assert.Empty(await chat.Client.GetGrain<IPersonaCatalogGrain>(alice).ListAsync());
        Assert.Null(await persona.GetAsync());
        foreach (var session in sessions)
        {
            await Assert.ThrowsAsync<NotFoundError>(() => chat.Session(session).GetAsync());
            var sessionId = GrainId.Create("session", ChatGrainKeys.Session(alice, session.Id));
            Assert.Equal(0, await chat.FileStorage.DeleteAllAsync(sessionId));
            Assert.Equal(0, await chat.LogStorage.CountAsync("messages", sessionId));
            foreach (var state in new[] { "session", "context", "documents" })
            {
                Assert.False((await chat.ReadStateAsync<object>("session", ChatGrainKeys.Session(alice, session.Id), state)).RecordExists, state);
            }
        }

        Assert.Equal(0, await chat.FileStorage.DeleteAllAsync(GrainId.Create("user", alice)));
        Assert.Equal(0, await chat.FileStorage.DeleteAllAsync(GrainId.Create("persona", $"{alice}/tutor")));
        Assert.False((await chat.ReadStateAsync<UserProfile>("user", alice, "profile")).RecordExists);
        Assert.False((await chat.ReadStateAsync<SessionIndex>("user", alice, "sessions")).RecordExists);
        Assert.False((await chat.ReadStateAsync<Persona>("persona", $"{alice}/tutor", "persona")).RecordExists);
        Assert.False((await chat.ReadStateAsync<Personas.PersonaCatalogIndex>("personacatalog", alice, "index")).RecordExists);
        Assert.Equal("bob's", (await chat.Session(bystander).GetAsync()).Title);
    }

    [Fact]
    public async Task DeleteUser_ThenUseAgain_StartsFromNothing()
    {
        var user = _chat.User(Json.NewUserId("carol"));
        await user.CreateSessionAsync("old", null);
        await user.DeleteAsync();

        var fresh = await user.CreateSessionAsync("new", null);

        Assert.Equal(["new"], (await user.ListSessionsAsync(null, 0, null)).Select(s => s.Title));
        Assert.Equal("new", (await _chat.Session(fresh).GetAsync()).Title);
    }
}
