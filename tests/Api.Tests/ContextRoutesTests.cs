using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ContextRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task Context_IsNotFoundUntilSet_ThenRoundTrips()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session) + "/context";
        await (await _http.GetAsync(path)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        var put = await _http.PutJsonAsync(path, new
        {
            summary = "Planning a trip",
            keyPoints = new[] { "Lisbon", "May" },
            entities = new { places = new[] { "Lisbon" } },
            confidence = 0.8,
        });
        var stored = await put.ReadAsync<SituationalContext>();
        Assert.Equal("Planning a trip", stored.Summary);

        var json = await (await _http.GetAsync(path)).ReadJsonAsync();
        Assert.Equal("Planning a trip", json.GetProperty("summary").GetString());
        Assert.Equal(2, json.GetProperty("keyPoints").GetArrayLength());
        Assert.Equal("Lisbon", json.GetProperty("entities").GetProperty("places")[0].GetString());
        Assert.Equal(0.8, json.GetProperty("confidence").GetDouble());
        Assert.True(json.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task Snapshots_Are201_AndHistoryIsNewestFirstWithLimit()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session) + "/context";
        await (await _http.PutJsonAsync(path, new { summary = "one", confidence = 0.5 })).ReadAsync<SituationalContext>();
        var first = await _http.PostAsync(path + "/snapshots", content: null);
        var snapshot = await first.ReadJsonAsync(HttpStatusCode.Created);
        Assert.StartsWith("context_", snapshot.GetProperty("id").GetString(), StringComparison.Ordinal);
        await (await _http.PostJsonAsync(path + "/snapshots", new { summary = "two", confidence = 0.9 })).ReadJsonAsync(HttpStatusCode.Created);

        var history = await (await _http.GetAsync(path + "/history")).ReadAsync<List<SituationalContext>>();
        Assert.Equal(["two", "one"], history.Select(c => c.Summary));
        var latest = await (await _http.GetAsync(path + "/history?limit=1")).ReadAsync<List<SituationalContext>>();
        Assert.Equal(["two"], latest.Select(c => c.Summary));
    }

    [Fact]
    public async Task PutContext_WithoutSummary_Is400_AndConfidenceOutOfRange_Is400()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session) + "/context";
        await (await _http.PutJsonAsync(path, new { confidence = 0.5 })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.PutJsonAsync(path, new { summary = "s", confidence = 1.5 })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task PutContext_WithTooManyKeyPoints_Is413()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var keyPoints = Enumerable.Range(0, 11).Select(i => $"point {i}").ToArray();
        var response = await _http.PutJsonAsync(ApiCalls.PathOf(session) + "/context", new { summary = "s", keyPoints, confidence = 0.5 });
        await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
    }

    [Fact]
    public async Task Summarize_WithEverythingInTheRecentWindow_FoldsNothing_AndAnUnknownSessionIs404()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session);
        await (await _http.PostJsonAsync(path + "/messages", new { role = "user", content = "I live in Lisbon." })).ReadJsonAsync(HttpStatusCode.Created);

        var result = await (await _http.PostAsync(path + "/context/summarize", content: null)).ReadJsonAsync();

        // Default settings keep the newest 2,000 tokens verbatim: one short message is all recent.
        Assert.False(result.GetProperty("summarized").GetBoolean());
        Assert.Equal(0, result.GetProperty("messages").GetInt32());
        Assert.False(result.TryGetProperty("context", out var context) && context.ValueKind != System.Text.Json.JsonValueKind.Null);
        var missing = path[..path.LastIndexOf('/')] + "/chat_session_20260101_000000_000000/context/summarize";
        await (await _http.PostAsync(missing, content: null)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PostAsync(path[..path.LastIndexOf('/')] + "/..%2Fx/context/summarize", content: null)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }
}
