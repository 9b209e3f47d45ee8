using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>Batch append, structured parts, token counts and metadata filters over REST.</summary>
[Collection(ApiCollection.Name)]
public sealed class MessageBatchAndTokenRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private static object[] Batch(int count, string? idPrefix = null) =>
        [.. Enumerable.Range(1, count).Select(i => (object)new { id = idPrefix is null ? null : $"{idPrefix}{i}", role = "user", content = $"m{i}" })];

    [Fact]
    public async Task PostBatch_Is201_WithTheMessagesInOrder_AndARetryReturnsThemUnchanged()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session) + "/messages/batch";

        var response = await _http.PostJsonAsync(path, new { messages = Batch(100, "c") });
        var first = await response.ReadAsync<List<ChatMessage>>(HttpStatusCode.Created);
        var retry = await (await _http.PostJsonAsync(path, new { messages = Batch(100, "c") })).ReadAsync<List<ChatMessage>>(HttpStatusCode.Created);

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), first.Select(m => m.Seq));
        Assert.Equal(first.Select(m => (m.Seq, m.Id)), retry.Select(m => (m.Seq, m.Id)));
        Assert.EndsWith("/messages?after=0&limit=100", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var tokens = await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages/tokens")).ReadJsonAsync();
        Assert.Equal(100, tokens.GetProperty("messages").GetInt64());
        Assert.Equal(first.Sum(m => m.Tokens!.Value), tokens.GetProperty("tokens").GetInt64());
        Assert.Equal("o200k_base", tokens.GetProperty("encoding").GetString());
    }

    [Fact]
    public async Task PostBatch_OverTheLimit_Is413NamingTheLimit_AndWritesNothing()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());

        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/messages/batch", new { messages = Batch(101) });

        var message = await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded");
        Assert.Contains("MaxMessagesPerBatch", message, StringComparison.Ordinal);
        Assert.Contains("100", message, StringComparison.Ordinal);
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Fact]
    public async Task PostBatch_WithABadMessage_Is400NamingItsIndex_AndWritesNothing()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        object[] messages = [new { role = "user", content = "fine" }, new { role = "", content = "no role" }];

        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/messages/batch", new { messages });

        Assert.Contains("batch message 1", await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Empty(await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadAsync<List<ChatMessage>>());
    }

    [Fact]
    public async Task PostMessage_WithParts_RoundTripsThemInCamelCase()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var body = """
            {"role":"assistant","parts":[{"type":"text","text":"Checking."},{"type":"tool_call","callId":"c1","name":"weather","arguments":{"city":"Oslo"}},
             {"type":"uri","uri":"https://example.com/map.png","mediaType":"image/png"}]}
            """;

        var added = await (await _http.PostAsync(ApiCalls.PathOf(session) + "/messages", ApiCalls.JsonBody(body))).ReadJsonAsync(HttpStatusCode.Created);
        var listed = (await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages")).ReadJsonAsync())[0];

        Assert.Equal("Checking.", added.GetProperty("content").GetString());
        var call = listed.GetProperty("parts")[1];
        Assert.Equal(("tool_call", "c1", "weather", "Oslo"),
            (call.GetProperty("type").GetString(), call.GetProperty("callId").GetString(), call.GetProperty("name").GetString(),
             call.GetProperty("arguments").GetProperty("city").GetString()));
        Assert.False(listed.GetProperty("parts")[0].TryGetProperty("callId", out _));
        Assert.True(listed.GetProperty("tokens").GetInt32() > 0);
    }

    [Fact]
    public async Task GetMessages_WithFitTokens_ReturnsTheNewestThatFit_AndRefusesItWithOtherPagingParameters()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var added = new List<ChatMessage>();
        for (var i = 1; i <= 6; i++)
        {
            added.Add(await _http.AddMessageAsync(session, $"message number {i}"));
        }

        var budget = added[^2..].Sum(m => m.Tokens!.Value);
        var path = ApiCalls.PathOf(session) + "/messages";
        var fit = await (await _http.GetAsync($"{path}?fitTokens={budget}")).ReadAsync<List<ChatMessage>>();
        var none = await (await _http.GetAsync($"{path}?fitTokens=1")).ReadAsync<List<ChatMessage>>();
        var combined = await _http.GetAsync($"{path}?fitTokens={budget}&limit=3");

        Assert.Equal([5L, 6L], fit.Select(m => m.Seq));
        Assert.Empty(none);
        Assert.Contains("limit", await combined.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataFilters_NarrowMessageLists_SessionLists_AndSearch()
    {
        var userId = ApiCalls.NewUserId();
        var support = await (await _http.PostJsonAsync($"/users/{userId}/sessions", new { title = "a", metadata = new { channel = "support" } }))
            .ReadAsync<ChatSession>(HttpStatusCode.Created);
        await _http.CreateSessionAsync(userId, "b");
        var path = ApiCalls.PathOf(support) + "/messages";
        await _http.PostJsonAsync(path, new { role = "user", content = "refund request one", metadata = new { lang = "en", turn = 1 } });
        await _http.PostJsonAsync(path, new { role = "user", content = "refund request two", metadata = new { lang = "de", turn = 2 } });

        var sessions = await (await _http.GetAsync($"/users/{userId}/sessions?metadata.channel=support")).ReadAsync<List<ChatSession>>();
        var english = await (await _http.GetAsync($"{path}?metadata.lang=en")).ReadAsync<List<ChatMessage>>();
        var both = await (await _http.GetAsync($"{path}?metadata.lang=de&metadata.turn=2")).ReadAsync<List<ChatMessage>>();
        var hits = await (await _http.GetAsync($"/users/{userId}/search?q=refund&mode=fulltext&metadata.lang=de")).ReadJsonAsync();
        var emptyKey = await _http.GetAsync($"{path}?metadata.=x");

        Assert.Equal([support.Id], sessions.Select(s => s.Id));
        Assert.Equal(["refund request one"], english.Select(m => m.Content));
        Assert.Equal([2L], both.Select(m => m.Seq));
        Assert.Equal("refund request two", Assert.Single(hits.EnumerateArray()).GetProperty("message").GetProperty("content").GetString());
        Assert.Contains("metadata", await emptyKey.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensRoute_OfAMissingSession_Is404()
    {
        var response = await _http.GetAsync($"/users/{ApiCalls.NewUserId()}/sessions/chat_session_20200101_000000_000000/messages/tokens");

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task PostBatch_WithoutMessages_Is400()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());

        var response = await _http.PostAsync(ApiCalls.PathOf(session) + "/messages/batch", ApiCalls.JsonBody("""{"messages":[]}"""));

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }
}
