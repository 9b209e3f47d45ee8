using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class MessageRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task AddMessage_Is201_WithSeqAndAllFields()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/messages",
            new { role = "user", content = "hello", attachments = new[] { "a.pdf" }, metadata = new { lang = "en" } });

        var json = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(1, json.GetProperty("seq").GetInt64());
        Assert.Equal("user", json.GetProperty("role").GetString());
        Assert.Equal("hello", json.GetProperty("content").GetString());
        Assert.Equal("a.pdf", json.GetProperty("attachments")[0].GetString());
        Assert.Equal("en", json.GetProperty("metadata").GetProperty("lang").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("id").GetString()));
        Assert.True(json.TryGetProperty("timestamp", out _));
    }

    [Fact]
    public async Task AddMessage_WithTheSameClientId_IsIdempotent()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var path = ApiCalls.PathOf(session) + "/messages";
        var first = await (await _http.PostJsonAsync(path, new { id = "client-1", role = "user", content = "once" })).ReadAsync<ChatMessage>(HttpStatusCode.Created);
        var retry = await (await _http.PostJsonAsync(path, new { id = "client-1", role = "user", content = "once" })).ReadAsync<ChatMessage>(HttpStatusCode.Created);

        Assert.Equal(first.Seq, retry.Seq);
        Assert.Single(await (await _http.GetAsync(path)).ReadAsync<List<ChatMessage>>());
    }

    [Fact]
    public async Task GetMessages_IsOldestFirst_WithLimitOffsetAndSeqCursors()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        for (var i = 1; i <= 10; i++)
        {
            await _http.AddMessageAsync(session, $"m{i}");
        }

        var path = ApiCalls.PathOf(session) + "/messages";
        async Task<long[]> SeqsAsync(string query) =>
            [.. (await (await _http.GetAsync(path + query)).ReadAsync<List<ChatMessage>>()).Select(m => m.Seq)];

        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, await SeqsAsync(string.Empty));
        Assert.Equal(new long[] { 3, 4 }, await SeqsAsync("?limit=2&offset=2"));
        Assert.Equal(new long[] { 1, 2 }, await SeqsAsync("?before=3"));
        Assert.Equal(new long[] { 9, 10 }, await SeqsAsync("?after=8"));
        Assert.Equal(new long[] { 8, 9 }, await SeqsAsync("?before=10&limit=2&latest=true"));
    }

    [Fact]
    public async Task GetMessages_FiltersByTime()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var first = await _http.AddMessageAsync(session, "first");
        var path = ApiCalls.PathOf(session) + "/messages";
        var from = Uri.EscapeDataString(first.Timestamp.ToString("O"));

        var fromFirst = await (await _http.GetAsync($"{path}?from={from}")).ReadAsync<List<ChatMessage>>();
        var beforeFirst = await (await _http.GetAsync($"{path}?to={from}")).ReadAsync<List<ChatMessage>>();

        Assert.Equal([first.Id], fromFirst.Select(m => m.Id));
        Assert.Empty(beforeFirst);
    }

    [Theory]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?before=x", "before")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?latest=maybe", "latest")]
    [InlineData("?limit=1&limit=2", "limit")]
    public async Task GetMessages_WithABadQueryParameter_Is400NamingIt(string query, string parameter)
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var message = await (await _http.GetAsync(ApiCalls.PathOf(session) + "/messages" + query)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(parameter, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddMessage_WithoutRole_Is400()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PostJsonAsync(ApiCalls.PathOf(session) + "/messages", new { content = "no role" });
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }
}
