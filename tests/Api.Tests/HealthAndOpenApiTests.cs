using System.Net;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class HealthAndOpenApiTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task Health_IsReady_NextToTheApi()
    {
        var json = await (await _http.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal("ready", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_IsServed_AndDescribesTheRoutes()
    {
        var response = await _http.GetAsync("/openapi/v1.json");
        var json = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.StartsWith("3.", json.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = json.GetProperty("paths");
        foreach (var path in new[]
        {
            "/users/{userId}", "/users/{userId}/sessions", "/users/{userId}/sessions/{sessionId}",
            "/users/{userId}/sessions/{sessionId}/messages", "/users/{userId}/sessions/{sessionId}/documents/{filename}",
            "/users/{userId}/sessions/{sessionId}/context", "/users/{userId}/sessions/{sessionId}/events",
            "/panels", "/panels/{panelId}/messages", "/personas/{personaId}", "/users/{userId}/personas/{personaId}",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"the OpenAPI document lacks {path}");
        }

        var addMessage = paths.GetProperty("/users/{userId}/sessions/{sessionId}/messages").GetProperty("post");
        Assert.True(addMessage.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(addMessage.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(addMessage.GetProperty("responses").TryGetProperty("413", out _));
    }
}
