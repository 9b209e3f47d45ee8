using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class MessageEditRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private async Task<ChatSession> SessionWithAsync(int messages)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        for (var i = 1; i <= messages; i++)
        {
            await _http.AddMessageAsync(session, $"m{i}");
        }

        return session;
    }

    [Fact]
    public async Task PatchMessage_Is200_WithTheNewVersionMarkedEdited_AndListsShowIt()
    {
        var session = await SessionWithAsync(2);
        var path = ApiCalls.PathOf(session) + "/messages";

        var json = await (await _http.PatchJsonAsync(path + "/2", new { content = "two", metadata = new { k = "v" } })).ReadJsonAsync();

        Assert.Equal(("two", true, "v"), (json.GetProperty("content").GetString(), json.GetProperty("edited").GetBoolean(), json.GetProperty("metadata").GetProperty("k").GetString()));
        Assert.True(json.TryGetProperty("editedAt", out _));
        var list = await (await _http.GetAsync(path)).ReadJsonAsync();
        Assert.False(list[0].TryGetProperty("edited", out _));
        Assert.Equal("two", list[1].GetProperty("content").GetString());
        var history = await (await _http.GetAsync(path + "?after=1&includeHistory=true")).ReadJsonAsync();
        Assert.Equal(["m2", "two"], history[0].GetProperty("history").EnumerateArray().Select(v => v.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task DeleteMessage_Is204_AndListsSkipIt()
    {
        var session = await SessionWithAsync(3);
        var path = ApiCalls.PathOf(session) + "/messages";

        var response = await _http.DeleteAsync(path + "/2");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([1L, 3L], (await (await _http.GetAsync(path)).ReadAsync<List<ChatMessage>>()).Select(m => m.Seq));
        await (await _http.PatchJsonAsync(path + "/2", new { content = "x" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task RedactMessage_Is204_AndListsSkipIt()
    {
        var session = await SessionWithAsync(2);
        var path = ApiCalls.PathOf(session) + "/messages";

        var response = await _http.PostAsync(path + "/1/redact", content: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(["m2"], (await (await _http.GetAsync(path)).ReadAsync<List<ChatMessage>>()).Select(m => m.Content));
    }

    [Theory]
    [InlineData("PATCH", "/messages/9")]
    [InlineData("DELETE", "/messages/9")]
    [InlineData("POST", "/messages/9/redact")]
    [InlineData("DELETE", "/messages/0")]
    public async Task UnknownSeq_Is404(string method, string route)
    {
        var session = await SessionWithAsync(1);
        using var request = new HttpRequestMessage(new HttpMethod(method), ApiCalls.PathOf(session) + route)
        {
            Content = method == "PATCH" ? ApiCalls.JsonBody("{\"content\":\"x\"}") : null,
        };

        var message = await (await _http.SendAsync(request)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Contains("has no message", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public async Task NonNumericSeq_Is400_NamingTheSeq(string seq)
    {
        var session = await SessionWithAsync(1);

        var message = await (await _http.DeleteAsync(ApiCalls.PathOf(session) + "/messages/" + seq)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("seq-is-integer", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchMessage_WithAnEmptyBody_Is400()
    {
        var session = await SessionWithAsync(1);

        await (await _http.PatchJsonAsync(ApiCalls.PathOf(session) + "/messages/1", new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Fork_Is201_WithForkedFrom_AndTheMessagesUpToTheSeq()
    {
        var session = await SessionWithAsync(3);

        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/fork", new { atSeq = 2, title = "branch" });

        var json = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(session.Id, json.GetProperty("forkedFrom").GetProperty("sessionId").GetString());
        Assert.Equal(2, json.GetProperty("forkedFrom").GetProperty("atSeq").GetInt64());
        Assert.Equal("branch", json.GetProperty("title").GetString());
        var forkId = json.GetProperty("id").GetString();
        Assert.Equal($"/users/{session.UserId}/sessions/{forkId}", response.Headers.Location!.OriginalString);
        var messages = await (await _http.GetAsync($"/users/{session.UserId}/sessions/{forkId}/messages")).ReadAsync<List<ChatMessage>>();
        Assert.Equal(["m1", "m2"], messages.Select(m => m.Content));
        var origin = await (await _http.GetAsync(ApiCalls.PathOf(session))).ReadJsonAsync();
        Assert.Equal(forkId, origin.GetProperty("forks")[0].GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task Fork_WithoutABody_CopiesEverything()
    {
        var session = await SessionWithAsync(2);

        var fork = await (await _http.PostAsync(ApiCalls.PathOf(session) + "/fork", content: null)).ReadAsync<ChatSession>(HttpStatusCode.Created);

        Assert.Equal(new ForkLink(session.Id, 2), fork.ForkedFrom);
    }

    [Fact]
    public async Task Fork_BeyondTheLastSeq_Is400()
    {
        var session = await SessionWithAsync(2);

        var message = await (await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/fork", new { atSeq = 3 })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains("fork-within-messages", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheNewOperations()
    {
        var json = await (await _http.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var paths = json.GetProperty("paths");

        var message = paths.GetProperty("/users/{userId}/sessions/{sessionId}/messages/{seq}");
        Assert.Equal("EditMessage", message.GetProperty("patch").GetProperty("operationId").GetString());
        Assert.True(message.GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(paths.GetProperty("/users/{userId}/sessions/{sessionId}/messages/{seq}/redact").GetProperty("post").GetProperty("responses").TryGetProperty("204", out _));
        Assert.True(paths.GetProperty("/users/{userId}/sessions/{sessionId}/fork").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
    }
}
