using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary><c>GET /users</c> (find users by id, paged) and <c>GET /admin/stats</c> (storage figures), both admin routes.</summary>
[Collection(ApiCollection.Name)]
public sealed class UserDirectoryAndStatsTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task ListUsers_FindsUsersByIdCaseInsensitively_InIdOrder_WithDisplayNamesAndTheTotal()
    {
        var marker = "Dir" + Guid.NewGuid().ToString("N")[..10];
        string[] ids = [$"c-{marker}", $"a-{marker}", $"b-{marker}"];
        (await _http.PutJsonAsync($"/users/{ids[0]}", new { displayName = "Carol" })).EnsureSuccessStatusCode();
        await _http.CreateSessionAsync(ids[1]);
        await _http.CreateSessionAsync(ids[2]);

        var all = await ListAsync($"/users?q={marker.ToLowerInvariant()}");
        var page = await ListAsync($"/users?q={marker.ToUpperInvariant()}&limit=2&offset=1");

        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal([ids[1], ids[2], ids[0]], Ids(all));
        Assert.Equal("Carol", all.GetProperty("users")[2].GetProperty("displayName").GetString());
        Assert.Equal(JsonValueKind.Null, all.GetProperty("users")[0].GetProperty("displayName").ValueKind);
        Assert.Equal([ids[2], ids[0]], Ids(page));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task ListUsers_WithNoMatch_IsAnEmptyPage_AndANegativeOffsetIs400()
    {
        var none = await ListAsync("/users?q=" + Guid.NewGuid().ToString("N"));
        var negative = await _http.GetAsync(new Uri("/users?offset=-1", UriKind.Relative));
        var tooLarge = await _http.GetAsync(new Uri("/users?limit=100000", UriKind.Relative));

        Assert.Equal(0, none.GetProperty("total").GetInt32());
        Assert.Empty(Ids(none));
        Assert.Contains("offset", await negative.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("MaxPageSize", await tooLarge.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task ListUsers_WithALimitBelowOne_Is400NamingTheLimit(int limit)
    {
        var response = await _http.GetAsync(new Uri($"/users?limit={limit}", UriKind.Relative));

        Assert.Equal($"query parameter 'limit' = {limit} must be at least 1.", await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"));
    }

    [Fact]
    public async Task Stats_CountTheNewUserSessionAndEveryMessage_IndexedLogsIncluded()
    {
        // 150 messages: more than one index spacing (64), so the log's sparse index is used for the count.
        var before = await StatsAsync();
        var user = ApiCalls.NewUserId("stats");
        var session = await _http.CreateSessionAsync(user);
        var path = ApiCalls.PathOf(session) + "/messages/batch";
        for (var batch = 0; batch < 3; batch++)
        {
            var messages = Enumerable.Range(0, 50).Select(i => new { role = "user", content = $"stats message {batch}-{i}" });
            (await _http.PostJsonAsync(path, new { messages })).EnsureSuccessStatusCode();
        }

        var after = await StatsAsync();

        Assert.Equal(before.GetProperty("users").GetInt64() + 1, after.GetProperty("users").GetInt64());
        Assert.Equal(before.GetProperty("sessions").GetInt64() + 1, after.GetProperty("sessions").GetInt64());
        Assert.Equal(before.GetProperty("messages").GetInt64() + 150, after.GetProperty("messages").GetInt64());
        Assert.True(after.GetProperty("bytesOnDisk").GetInt64() > before.GetProperty("bytesOnDisk").GetInt64(), "bytes on disk grew with 150 messages");
    }

    private async Task<JsonElement> ListAsync(string path) => await (await _http.GetAsync(new Uri(path, UriKind.Relative))).ReadJsonAsync();

    private async Task<JsonElement> StatsAsync() => await (await _http.GetAsync(new Uri("/admin/stats", UriKind.Relative))).ReadJsonAsync();

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("users").EnumerateArray().Select(user => user.GetProperty("id").GetString()!)];
}
