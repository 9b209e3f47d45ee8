using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class SessionRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task CreateSession_Is201_WithLocationAndTheSessionFields()
    {
        var userId = ApiCalls.NewUserId();
        var response = await _http.PostJsonAsync($"/users/{userId}/sessions", new { title = "Trip", metadata = new { model = "m1" } });

        var json = await response.ReadJsonAsync(HttpStatusCode.Created);
        var id = json.GetProperty("id").GetString()!;
        Assert.StartsWith("chat_session_", id, StringComparison.Ordinal);
        Assert.Equal(userId, json.GetProperty("userId").GetString());
        Assert.Equal("Trip", json.GetProperty("title").GetString());
        Assert.Equal("m1", json.GetProperty("metadata").GetProperty("model").GetString());
        Assert.True(json.TryGetProperty("createdAt", out _));
        Assert.True(json.TryGetProperty("updatedAt", out _));
        Assert.Equal($"/users/{userId}/sessions/{id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateSession_WithoutBody_UsesTheDefaultTitle()
    {
        var userId = ApiCalls.NewUserId();
        var response = await _http.PostAsync($"/users/{userId}/sessions", content: null);
        var session = await response.ReadAsync<ChatSession>(HttpStatusCode.Created);
        Assert.Equal("New chat", session.Title);
    }

    [Fact]
    public async Task ListSessions_IsNewestFirst_PagesAndFiltersByTitle()
    {
        var userId = ApiCalls.NewUserId();
        var first = await _http.CreateSessionAsync(userId, "alpha one");
        var second = await _http.CreateSessionAsync(userId, "beta");
        var third = await _http.CreateSessionAsync(userId, "Alpha two");

        var all = await (await _http.GetAsync($"/users/{userId}/sessions")).ReadAsync<List<ChatSession>>();
        Assert.Equal([third.Id, second.Id, first.Id], all.Select(s => s.Id));

        var page = await (await _http.GetAsync($"/users/{userId}/sessions?limit=1&offset=1")).ReadAsync<List<ChatSession>>();
        Assert.Equal([second.Id], page.Select(s => s.Id));

        var alpha = await (await _http.GetAsync($"/users/{userId}/sessions?q=ALPHA")).ReadAsync<List<ChatSession>>();
        Assert.Equal([third.Id, first.Id], alpha.Select(s => s.Id));
    }

    [Fact]
    public async Task GetPatchDeleteSession_RoundTrip()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId(), "before");
        var path = ApiCalls.PathOf(session);

        Assert.Equal(session.Id, (await (await _http.GetAsync(path)).ReadAsync<ChatSession>()).Id);

        var patched = await (await _http.PatchJsonAsync(path, new { title = "after", metadata = new { k = 1 } })).ReadAsync<ChatSession>();
        Assert.Equal("after", patched.Title);
        Assert.Equal(1, patched.Metadata["k"].GetInt32());

        var report = await (await _http.DeleteAsync(path)).ReadAsync<SessionDeletionReport>();
        Assert.Equal(session.Id, report.SessionId);
        Assert.Equal(session.UserId, report.UserId);
        await (await _http.GetAsync(path)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync(path)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task UnknownSession_Is404_OnEverySessionRoute()
    {
        var userId = ApiCalls.NewUserId();
        var path = $"/users/{userId}/sessions/chat_session_20200101_000000_000000";

        await (await _http.GetAsync(path)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PatchJsonAsync(path, new { title = "x" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PostJsonAsync(path + "/messages", new { role = "user", content = "hi" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync(path + "/messages")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync(path + "/documents")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync(path + "/context")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync(path + "/events")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task SessionId_NotInTheGeneratedForm_Is400()
    {
        var response = await _http.GetAsync($"/users/{ApiCalls.NewUserId()}/sessions/my-session");
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("generated-id-format", message, StringComparison.Ordinal);
    }
}
