using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>The trash over REST: DELETE moves to the trash, GET .../trash lists, POST .../restore brings back, ?purge=true erases.</summary>
[Collection(ApiCollection.Name)]
public sealed class TrashRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task DeletedSession_IsListedInTheTrash_AndRestoreBringsItBack_WhileASecondRestoreIs409()
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId, "to the trash");
        await _http.AddMessageAsync(session, "remember me");

        var report = await (await _http.DeleteAsync(ApiCalls.PathOf(session))).ReadAsync<SessionDeletionReport>();
        var trash = await (await _http.GetAsync($"/users/{userId}/trash")).ReadAsync<List<TrashItem>>();
        var gone = await _http.GetAsync(ApiCalls.PathOf(session));

        Assert.NotNull(report.TrashedAt);
        var item = Assert.Single(trash);
        Assert.Equal((TrashItemKinds.Session, userId, session.Id, report.TrashedAt), (item.Kind, item.UserId, item.Id, (DateTimeOffset?)item.DeletedAt));
        Assert.True(File.Exists(Path.Join(server.DataDirectory, item.Path, "messages.jsonl")), item.Path);
        await gone.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        var restored = await (await _http.PostAsync($"/users/{userId}/trash/{session.Id}/restore", content: null)).ReadAsync<ChatSession>();
        var messages = await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>();
        var again = await _http.PostAsync($"/users/{userId}/trash/{session.Id}/restore", content: null);

        Assert.Equal((session.Id, "to the trash"), (restored.Id, restored.Title));
        Assert.Equal(["remember me"], messages.Select(m => m.Content));
        var conflict = await again.AssertErrorAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Contains("a live session with that id exists", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteWithPurge_ErasesAtOnce_SoRestoreIs404()
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId, "gone for good");

        var report = await (await _http.DeleteAsync(ApiCalls.PathOf(session) + "?purge=true")).ReadAsync<SessionDeletionReport>();
        var trash = await (await _http.GetAsync($"/users/{userId}/trash")).ReadAsync<List<TrashItem>>();
        var restore = await _http.PostAsync($"/users/{userId}/trash/{session.Id}/restore", content: null);
        var badFlag = await _http.DeleteAsync(ApiCalls.PathOf(session) + "?purge=maybe");

        Assert.Null(report.TrashedAt);
        Assert.Empty(trash);
        Assert.Contains("is not in the trash", await restore.AssertErrorAsync(HttpStatusCode.NotFound, "not_found"), StringComparison.Ordinal);
        Assert.Contains("'purge'", await badFlag.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Join(server.DataDirectory, "users", userId, session.Id)));
    }

    [Fact]
    public async Task DeleteUser_ErasesTheTrashToo_UnlessTrashIsTrue()
    {
        var erased = ApiCalls.NewUserId();
        var erasedSession = await _http.CreateSessionAsync(erased, "deleted earlier");
        await (await _http.DeleteAsync(ApiCalls.PathOf(erasedSession))).ReadAsync<SessionDeletionReport>();
        var kept = ApiCalls.NewUserId();
        var keptSession = await _http.CreateSessionAsync(kept, "kept in the trash");

        var erasedReport = await (await _http.DeleteAsync($"/users/{erased}")).ReadAsync<UserDeletionReport>();
        var keptReport = await (await _http.DeleteAsync($"/users/{kept}?trash=true")).ReadAsync<UserDeletionReport>();

        Assert.Null(erasedReport.TrashedAt);
        Assert.False(Directory.Exists(Path.Join(server.DataDirectory, "trash", "users", erased)));
        Assert.Empty(await (await _http.GetAsync($"/users/{erased}/trash")).ReadAsync<List<TrashItem>>());
        Assert.NotNull(keptReport.TrashedAt);
        Assert.Contains(keptSession.Id, (await (await _http.GetAsync($"/users/{kept}/trash")).ReadAsync<List<TrashItem>>()).Select(i => i.Id));
    }

    [Fact]
    public async Task DeletedPanel_IsListedUnderTrashPanels_AndRestoredThere()
    {
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "review", personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);
        var report = await (await _http.DeleteAsync($"/panels/{panel.Id}")).ReadAsync<PanelDeletionReport>();
        Assert.NotNull(report.TrashedAt);
        await (await _http.GetAsync($"/panels/{panel.Id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        var trash = await (await _http.GetAsync("/trash/panels")).ReadAsync<List<TrashItem>>();
        var restored = await (await _http.PostAsync($"/trash/panels/{panel.Id}/restore", content: null)).ReadAsync<Panel>();
        var again = await _http.PostAsync($"/trash/panels/{panel.Id}/restore", content: null);

        Assert.Contains(trash, i => i.Kind == TrashItemKinds.Panel && i.Id == panel.Id);
        Assert.Equal((panel.Id, "review"), (restored.Id, restored.Type));
        await again.AssertErrorAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(panel.Id, (await (await _http.GetAsync($"/panels/{panel.Id}")).ReadAsync<Panel>()).Id);
    }

    [Fact]
    public async Task DeletePanelWithPurge_ErasesAtOnce_AndAnUnknownPanelIs404()
    {
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "review", personas = new[] { "critic" } })).ReadAsync<Panel>(HttpStatusCode.Created);
        await _http.PostJsonAsync($"/panels/{panel.Id}/messages", new { role = "critic", content = "too long" });
        var directory = Path.Join(server.DataDirectory, "panel_sessions", panel.Id);
        Assert.True(Directory.Exists(directory), directory);

        var report = await (await _http.DeleteAsync($"/panels/{panel.Id}?purge=true")).ReadAsync<PanelDeletionReport>();
        var restore = await _http.PostAsync($"/trash/panels/{panel.Id}/restore", content: null);
        var again = await _http.DeleteAsync($"/panels/{panel.Id}");

        Assert.Equal((panel.Id, 1L, (DateTimeOffset?)null), (report.PanelId, report.Messages, report.TrashedAt));
        Assert.False(Directory.Exists(directory), directory);
        await restore.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await again.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OpenApiDocument_DeclaresTheTrashRoutes_TheirConflicts_AndThePurgeAndTrashFlags()
    {
        var paths = (await (await _http.GetAsync("/openapi/v1.json")).ReadJsonAsync()).GetProperty("paths");

        Assert.True(paths.GetProperty("/users/{userId}/trash").TryGetProperty("get", out _));
        var restore = paths.GetProperty("/users/{userId}/trash/{sessionId}/restore").GetProperty("post");
        Assert.True(restore.GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(paths.GetProperty("/trash/panels/{panelId}/restore").GetProperty("post").GetProperty("responses").TryGetProperty("409", out _));
        Assert.Contains(paths.GetProperty("/users/{userId}/sessions/{sessionId}").GetProperty("delete").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "purge" && p.GetProperty("in").GetString() == "query");
        Assert.Contains(paths.GetProperty("/users/{userId}").GetProperty("delete").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "trash" && p.GetProperty("in").GetString() == "query");
    }
}
