using ChatDb.Grains.Models;
using ChatDb.Grains.Tests.Infrastructure;
using ChatDb.Storage.Keys;

namespace ChatDb.Grains.Tests.Flatfile;

/// <summary>ETags are computed from what is stored, so a restarted silo (graceful or killed) hands out the same ones.</summary>
public sealed class FlatfileETagTests
{
    [Fact]
    public async Task ETags_AfterAGracefulRestart_AreTheSame()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var written = await WriteAsync(chat);
        var before = await ReadAsync(chat, written);

        await chat.RestartAsync();

        Assert.Equal(before, await ReadAsync(chat, written));
    }

    [Fact]
    public async Task ETags_AfterASiloKill_AreTheSame()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var written = await WriteAsync(chat);
        var before = await ReadAsync(chat, written);

        await chat.CrashAndStartAsync();

        Assert.Equal(before, await ReadAsync(chat, written));
    }

    [Fact]
    public async Task StaleETag_AfterARestart_IsStillRefused()
    {
        await using var chat = await FlatfileChatCluster.StartAsync();
        var user = chat.User(Json.NewUserId());
        var original = await user.PutProfileIfMatchAsync(new UserProfileInput { DisplayName = "Ada" }, ifMatch: null);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        var current = await user.UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "Grace" }, original.ETag);

        await chat.RestartAsync();

        await Assert.ThrowsAsync<ChatDb.Storage.PreconditionFailedError>(
            () => chat.User(original.Value.UserId).UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "Eve" }, original.ETag));
        var updated = await chat.User(original.Value.UserId).UpdateProfileIfMatchAsync(new UserProfilePatch { DisplayName = "Eve" }, current.ETag);
        Assert.Equal("Eve", updated.Value.DisplayName);
    }

    private sealed record Written(string UserId, string SessionId, string PersonaId);

    private static async Task<Written> WriteAsync(FlatfileChatCluster chat)
    {
        var userId = Json.NewUserId();
        var user = chat.User(userId);
        await user.PutProfileAsync(new UserProfileInput { DisplayName = "Ada", Preferences = Json.Map("theme", "\"dark\"", "font", "12") });
        var created = await user.CreateSessionAsync("restart", Json.Map("topic", "\"etags\""));
        var session = chat.Session(created);
        chat.Clock.Advance(TimeSpan.FromSeconds(1));
        await session.AddMessageAsync(new NewMessage { Role = "user", Content = "héllo" });
        await session.UpdateContextAsync(new SituationalContext("talking", ["etags"], new() { ["people"] = ["Ada"] }, default, 0.25));
        await session.SaveDocumentAsync("notes.md", [35, 32, 104, 105], null, Json.Map("lang", "\"en\""));
        var personaId = "etag-" + Guid.NewGuid().ToString("N");
        await chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(userId, personaId)).SaveAsync(Json.Map("name", "\"Tutor\""));
        return new Written(userId, created.Id, personaId);
    }

    private static async Task<(string Profile, string Session, string Context, string Document, string Persona)> ReadAsync(FlatfileChatCluster chat, Written written)
    {
        var session = chat.Session(written.UserId, written.SessionId);
        return (
            (await chat.User(written.UserId).GetProfileWithETagAsync())!.ETag,
            (await session.GetWithETagAsync()).ETag,
            (await session.GetContextWithETagAsync())!.ETag,
            (await session.GetDocumentWithETagAsync("notes.md")).ETag,
            (await chat.Client.GetGrain<IPersonaGrain>(ChatGrainKeys.UserPersona(written.UserId, written.PersonaId)).GetWithETagAsync())!.ETag);
    }
}
