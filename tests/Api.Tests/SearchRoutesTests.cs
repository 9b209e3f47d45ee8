using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class SearchRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task Search_FindsTheMatchingMessage_AcrossSessions_WithSnippetAndScore()
    {
        var userId = ApiCalls.NewUserId();
        var cooking = await _http.CreateSessionAsync(userId);
        var travel = await _http.CreateSessionAsync(userId);
        await _http.AddMessageAsync(cooking, "Knead the sourdough gently before the second proof");
        await _http.AddMessageAsync(travel, "The night train to Vienna leaves at nine");

        var response = await _http.GetAsync($"/users/{userId}/search?q=sourdough%20proof&mode=fulltext");
        var hits = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Array, hits.ValueKind);
        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Equal(cooking.Id, hit.GetProperty("sessionId").GetString());
        Assert.True(hit.GetProperty("score").GetDouble() > 0);
        Assert.Contains("sourdough", hit.GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("sourdough", hit.GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?q=bread&mode=sideways")]
    [InlineData("?q=bread&limit=many")]
    public async Task Search_WithABadQuery_Is400(string query)
    {
        var response = await _http.GetAsync($"/users/{ApiCalls.NewUserId()}/search{query}");

        var error = await response.ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("validation", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task PanelSearch_FindsThePanelMessage()
    {
        var panel = await (await _http.PostJsonAsync("/panels", new { type = "review", personas = new[] { "critic_ai" } })).ReadJsonAsync(HttpStatusCode.Created);
        var panelId = panel.GetProperty("id").GetString();
        await _http.PostJsonAsync($"/panels/{panelId}/messages", new { role = "critic_ai", content = "The forecast ignores seasonal demand" });
        await _http.PostJsonAsync($"/panels/{panelId}/messages", new { role = "user", content = "Thanks" });

        var hits = await (await _http.GetAsync($"/panels/{panelId}/search?q=seasonal%20forecast")).ReadJsonAsync(HttpStatusCode.OK);

        var hit = Assert.Single(hits.EnumerateArray());
        Assert.Equal(panelId, hit.GetProperty("sessionId").GetString());
        Assert.Equal(1, hit.GetProperty("message").GetProperty("seq").GetInt64());
    }
}
