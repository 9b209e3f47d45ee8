using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>A user's long-term memories over REST: <c>/users/{userId}/memories</c>, <c>/recall</c> and <c>/extract</c> (docs/MEMORY.md).</summary>
[Collection(ApiCollection.Name)]
public sealed class MemoryRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    private static string PathOf(string userId) => $"/users/{userId}/memories";

    private async Task<Memory> AddAsync(string userId, object body)
    {
        var response = await _http.PostJsonAsync(PathOf(userId), body);
        return await response.ReadAsync<Memory>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AddedMemory_Is201WithLocation_AndReadsPatchesAndDeletesThere()
    {
        var userId = ApiCalls.NewUserId();
        var expires = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var response = await _http.PostJsonAsync(PathOf(userId), new { text = "  User prefers window seats ", importance = 0.8, expiresAt = expires });
        var added = await response.ReadAsync<Memory>(HttpStatusCode.Created);
        var location = response.Headers.Location?.ToString();

        Assert.Matches("^mem_[0-9a-f]{32}$", added.Id);
        Assert.Equal(($"/users/{userId}/memories/{added.Id}", "User prefers window seats", 0.8, (DateTimeOffset?)expires),
            (location, added.Text, added.Importance, added.ExpiresAt));
        Assert.Equal((null, 0), (added.Source.SessionId, added.Source.Seqs.Count));

        var read = await (await _http.GetAsync(location)).ReadAsync<Memory>();
        Assert.Equal((added.Id, added.Text, added.CreatedAt), (read.Id, read.Text, read.CreatedAt));

        var patched = await (await _http.PatchJsonAsync(location!, new { text = "User prefers aisle seats", clearExpiry = true })).ReadAsync<Memory>();
        Assert.Equal(("User prefers aisle seats", 0.8, (DateTimeOffset?)null), (patched.Text, patched.Importance, patched.ExpiresAt));
        Assert.Equal("User prefers aisle seats", (await (await _http.GetAsync(location)).ReadAsync<Memory>()).Text);

        var deleted = await _http.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Contains(added.Id, await (await _http.GetAsync(location)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found"), StringComparison.Ordinal);
        await (await _http.DeleteAsync(location)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PatchJsonAsync(location!, new { text = "again" })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await (await _http.GetAsync(PathOf(userId))).ReadAsync<List<Memory>>());
    }

    [Fact]
    public async Task List_IsOldestFirst_PagesWithOffsetAndLimit_AndFiltersByAgentAndExpiry()
    {
        var userId = ApiCalls.NewUserId();
        var first = await AddAsync(userId, new { text = "User's name is Maria" });
        var planner = await AddAsync(userId, new { text = "User plans trips in May", agentId = "planner" });
        var coach = await AddAsync(userId, new { text = "User runs 10 km on Sundays", agentId = "coach" });
        var expired = await AddAsync(userId, new { text = "User is in Berlin this week", expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });

        var all = await (await _http.GetAsync(PathOf(userId))).ReadAsync<List<Memory>>();
        var withExpired = await (await _http.GetAsync(PathOf(userId) + "?includeExpired=true")).ReadAsync<List<Memory>>();
        var page = await (await _http.GetAsync(PathOf(userId) + "?offset=1&limit=1")).ReadAsync<List<Memory>>();
        var plannersView = await (await _http.GetAsync(PathOf(userId) + "?agentId=planner")).ReadAsync<List<Memory>>();

        Assert.Equal([first.Id, planner.Id, coach.Id], all.Select(m => m.Id));
        Assert.Equal([first.Id, planner.Id, coach.Id, expired.Id], withExpired.Select(m => m.Id));
        Assert.Equal([planner.Id], page.Select(m => m.Id));
        Assert.Equal([first.Id, planner.Id], plannersView.Select(m => m.Id));
        Assert.Equal(expired.Text, (await (await _http.GetAsync($"{PathOf(userId)}/{expired.Id}")).ReadAsync<Memory>()).Text);
    }

    [Fact]
    public async Task Recall_AnswersTheBestMemoriesFirst_AtMostK_AndNeverAnExpiredOne()
    {
        var userId = ApiCalls.NewUserId();
        await AddAsync(userId, new { text = "User's daughter is Ana" });
        var porto = await AddAsync(userId, new { text = "User lives in Porto" });
        await AddAsync(userId, new { text = "User likes hiking in the mountains" });
        await AddAsync(userId, new { text = "User lives in Lisbon during the winter", expiresAt = DateTimeOffset.UtcNow.AddHours(-1) });

        var hits = await (await _http.GetAsync(PathOf(userId) + "/recall?q=" + Uri.EscapeDataString("where does the user live? Porto?") + "&k=2"))
            .ReadAsync<List<MemoryHit>>();

        Assert.InRange(hits.Count, 1, 2);
        Assert.Equal(porto.Id, hits[0].Memory.Id);
        Assert.Equal(hits.Select(h => h.Score).OrderByDescending(s => s), hits.Select(h => h.Score));
        Assert.DoesNotContain(hits, h => h.Memory.Text.Contains("Lisbon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extract_AddsFromTheUsersMessages_ThenUpdatesFromLaterOnes()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId(), "about me");
        await _http.AddMessageAsync(session, "Hi! I live in Lisbon and my daughter is Ana.");
        await _http.AddMessageAsync(session, "Nice to meet you.", role: "assistant");

        var first = await (await _http.PostJsonAsync(PathOf(session.UserId) + "/extract", new { sessionId = session.Id }))
            .ReadAsync<MemoryExtractionResult>();

        Assert.Equal(["User lives in Lisbon", "User's daughter is Ana"], first.Added.Select(m => m.Text).Order(StringComparer.Ordinal));
        Assert.All(first.Added, m => Assert.Equal(session.Id, m.Source.SessionId));
        Assert.Empty(first.Updated);
        Assert.Empty(first.Deleted);

        var moved = await _http.AddMessageAsync(session, "Big news: I moved to Porto.");
        var second = await (await _http.PostJsonAsync(PathOf(session.UserId) + "/extract", new { sessionId = session.Id, fromSeq = moved.Seq }))
            .ReadAsync<MemoryExtractionResult>();
        var again = await (await _http.PostJsonAsync(PathOf(session.UserId) + "/extract", new { sessionId = session.Id, fromSeq = moved.Seq }))
            .ReadAsync<MemoryExtractionResult>();

        var updated = Assert.Single(second.Updated);
        Assert.Equal(("User lives in Porto", first.Added.Single(m => m.Text.Contains("Lisbon", StringComparison.Ordinal)).Id), (updated.Text, updated.Id));
        Assert.Equal([moved.Seq], updated.Source.Seqs);
        Assert.Empty(second.Added);
        Assert.True(again.Added.Count == 0 && again.Updated.Count == 0 && again.Deleted.Count == 0, "a second extraction of the same message changed something");
        var listed = await (await _http.GetAsync(PathOf(session.UserId))).ReadAsync<List<Memory>>();
        Assert.Equal(["User lives in Porto", "User's daughter is Ana"], listed.Select(m => m.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Extract_OfAnUnknownSession_Is404_AndOfABadSessionId_Is400()
    {
        var userId = ApiCalls.NewUserId();

        var unknown = await _http.PostJsonAsync(PathOf(userId) + "/extract", new { sessionId = "chat_session_20200101_000000_000000" });
        var hostile = await _http.PostJsonAsync(PathOf(userId) + "/extract", new { sessionId = "../bob" });
        var missing = await _http.PostJsonAsync(PathOf(userId) + "/extract", new { fromSeq = 1 });
        var zero = await _http.PostJsonAsync(PathOf(userId) + "/extract", new { sessionId = "chat_session_20200101_000000_000000", fromSeq = 0 });

        Assert.Contains("chat_session_20200101_000000_000000", await unknown.AssertErrorAsync(HttpStatusCode.NotFound, "not_found"), StringComparison.Ordinal);
        Assert.Contains("session id", await hostile.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("sessionId", await missing.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("fromSeq", await zero.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mem_XYZ")]
    [InlineData("mem_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("mem_0123456789abcdef0123456789abcdef0")]
    public async Task MalformedMemoryId_Is400_NamingTheRule_OnEveryMethod(string memoryId)
    {
        var path = $"{PathOf(ApiCalls.NewUserId())}/{memoryId}";

        var answers = new[]
        {
            await _http.GetAsync(path),
            await _http.PatchJsonAsync(path, new { text = "x" }),
            await _http.DeleteAsync(path),
        };

        foreach (var answer in answers)
        {
            Assert.Contains("memory-id-form", await answer.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task HostileUserId_Is400_BeforeAnyMemoryIsTouched()
    {
        var answers = new[]
        {
            await _http.PostJsonAsync("/users/%2e%2e/memories", new { text = "x" }),
            await _http.GetAsync("/users/a%2Fb/memories"),
            await _http.GetAsync("/users/CON/memories/recall?q=x"),
            await _http.PostJsonAsync("/users/.hidden/memories/extract", new { sessionId = "chat_session_20200101_000000_000000" }),
        };

        foreach (var answer in answers)
        {
            Assert.Contains("user id", await answer.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BadBodies_AreRefused_NamingWhatWasWrong()
    {
        var userId = ApiCalls.NewUserId();
        var memory = await AddAsync(userId, new { text = "User likes tea" });
        var item = $"{PathOf(userId)}/{memory.Id}";

        var blank = await _http.PostJsonAsync(PathOf(userId), new { text = "   " });
        var noText = await _http.PostJsonAsync(PathOf(userId), new { importance = 0.5 });
        var tooLong = await _http.PostJsonAsync(PathOf(userId), new { text = new string('x', Memory.MaxTextChars + 1) });
        var tooImportant = await _http.PostJsonAsync(PathOf(userId), new { text = "x", importance = 1.5 });
        var unknownField = await _http.PostJsonAsync(PathOf(userId), new { text = "x", embedding = new[] { 0.1 } });
        var badAgent = await _http.PostJsonAsync(PathOf(userId), new { text = "x", agentId = "../planner" });
        var bothExpiries = await _http.PatchJsonAsync(item, new { expiresAt = DateTimeOffset.UtcNow, clearExpiry = true });
        var longPatch = await _http.PatchJsonAsync(item, new { text = new string('y', Memory.MaxTextChars + 1) });

        Assert.Contains("memory-text-required", await blank.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("text", await noText.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("MaxMemoryChars", await tooLong.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded"), StringComparison.Ordinal);
        Assert.Contains("memory-importance-range", await tooImportant.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("embedding", await unknownField.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("agent id", await badAgent.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("memory-expiry", await bothExpiries.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
        Assert.Contains("MaxMemoryChars", await longPatch.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "limit_exceeded"), StringComparison.Ordinal);
        var kept = await (await _http.GetAsync(PathOf(userId))).ReadAsync<List<Memory>>();
        Assert.Equal(["User likes tea"], kept.Select(m => m.Text));
    }

    [Theory]
    [InlineData("/recall", "'q'")]
    [InlineData("/recall?q=%20", "'q'")]
    [InlineData("/recall?q=tea&k=0", "k")]
    [InlineData("/recall?q=tea&k=101", "k")]
    [InlineData("/recall?q=tea&k=many", "'k'")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?includeExpired=maybe", "'includeExpired'")]
    [InlineData("?agentId=..", "agent id")]
    public async Task BadQueryParameters_Are400_NamingTheParameter(string suffix, string named)
    {
        var answer = await _http.GetAsync(PathOf(ApiCalls.NewUserId()) + suffix);

        Assert.Contains(named, await answer.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListLimit_AboveTheLargestPage_Is400_NamingTheCap()
    {
        var answer = await _http.GetAsync(PathOf(ApiCalls.NewUserId()) + "?limit=100000");

        Assert.Contains("Api:MaxPageSize", await answer.AssertErrorAsync(HttpStatusCode.BadRequest, "validation"), StringComparison.Ordinal);
    }
}
