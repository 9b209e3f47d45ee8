using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class UserRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task PutUser_CreatesTheProfile_AndGetReturnsItInCamelCase()
    {
        var userId = ApiCalls.NewUserId();
        var put = await _http.PutJsonAsync($"/users/{userId}", new { displayName = "Ada", preferences = new { theme = "dark" } });
        var created = await put.ReadAsync<UserProfile>();
        Assert.Equal(userId, created.UserId);
        Assert.Equal("Ada", created.DisplayName);

        var json = await (await _http.GetAsync($"/users/{userId}")).ReadJsonAsync();
        Assert.Equal(userId, json.GetProperty("userId").GetString());
        Assert.Equal("dark", json.GetProperty("preferences").GetProperty("theme").GetString());
        Assert.True(json.TryGetProperty("createdAt", out _));
        Assert.True(json.TryGetProperty("updatedAt", out _));
    }

    [Fact]
    public async Task PutUser_Again_ReplacesTheProfileAndKeepsCreatedAt()
    {
        var userId = ApiCalls.NewUserId();
        var first = await (await _http.PutJsonAsync($"/users/{userId}", new { displayName = "Ada" })).ReadAsync<UserProfile>();
        var second = await (await _http.PutJsonAsync($"/users/{userId}", new { data = new { plan = "pro" } })).ReadAsync<UserProfile>();

        Assert.Null(second.DisplayName);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal("pro", second.Data["plan"].GetString());
    }

    [Fact]
    public async Task PatchUser_MergesPreferences()
    {
        var userId = ApiCalls.NewUserId();
        await (await _http.PutJsonAsync($"/users/{userId}", new { preferences = new { theme = "dark", lang = "en" } })).ReadAsync<UserProfile>();

        var patched = await (await _http.PatchJsonAsync($"/users/{userId}", new { displayName = "Grace", preferences = new { lang = "fr" } }))
            .ReadAsync<UserProfile>();

        Assert.Equal("Grace", patched.DisplayName);
        Assert.Equal("dark", patched.Preferences["theme"].GetString());
        Assert.Equal("fr", patched.Preferences["lang"].GetString());
    }

    [Fact]
    public async Task GetUser_WithoutProfile_Is404()
    {
        var response = await _http.GetAsync($"/users/{ApiCalls.NewUserId()}");
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PatchUser_WithoutProfile_Is404()
    {
        var response = await _http.PatchJsonAsync($"/users/{ApiCalls.NewUserId()}", new { displayName = "x" });
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteUser_Is204_AndRemovesProfileAndSessions()
    {
        var userId = ApiCalls.NewUserId();
        await (await _http.PutJsonAsync($"/users/{userId}", new { displayName = "Ada" })).ReadAsync<UserProfile>();
        await _http.CreateSessionAsync(userId);

        var delete = await _http.DeleteAsync($"/users/{userId}");

        var report = await delete.ReadAsync<UserDeletionReport>();
        Assert.True(report.ProfileDeleted);
        Assert.Equal(1, report.Sessions);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/users/{userId}")).StatusCode);
        Assert.Empty(await (await _http.GetAsync($"/users/{userId}/sessions")).ReadAsync<List<ChatSession>>());
    }
}
