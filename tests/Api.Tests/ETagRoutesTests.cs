using System.Net;
using System.Net.Http.Headers;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// Optimistic concurrency over REST on every resource that takes part (profile, session, context, document,
/// persona): an ETag on each read, 304 for If-None-Match, 412 for a stale If-Match with nothing written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ETagRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    public static TheoryData<string> Kinds => ["user", "session", "context", "document", "persona"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Get_ReturnsAStrongQuotedETag_StableAcrossReads(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);

        var first = await GetETagAsync(resource.Path);
        var second = await GetETagAsync(resource.Path);

        Assert.False(first.IsWeak);
        Assert.Matches("^\"[0-9a-f]{32}\"$", first.Tag);
        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Write_ChangesTheETag_AndAnswersWithTheNewOne(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);
        var before = await GetETagAsync(resource.Path);

        using var write = await _http.SendAsync(resource.Write("changed"));

        Assert.True(write.IsSuccessStatusCode, $"{kind}: {(int)write.StatusCode} {await write.Content.ReadAsStringAsync()}");
        var after = await GetETagAsync(resource.Path);
        Assert.NotEqual(before, after);
        Assert.Equal(after, write.Headers.ETag);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Write_WithStaleIfMatch_Is412_AndNothingIsWritten(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);
        var stale = await GetETagAsync(resource.Path);
        using (var first = await _http.SendAsync(resource.Write("first")))
        {
            Assert.True(first.IsSuccessStatusCode, $"{kind}: {(int)first.StatusCode}");
        }

        var (currentTag, currentBody) = await GetAsync(resource.Path);

        var request = resource.Write("lost update");
        request.Headers.IfMatch.Add(stale);
        var message = await (await _http.SendAsync(request)).AssertErrorAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Contains(currentTag.Tag.Trim('"'), message, StringComparison.Ordinal);
        var (afterTag, afterBody) = await GetAsync(resource.Path);
        Assert.Equal(currentTag, afterTag);
        Assert.Equal(currentBody, afterBody);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Write_WithCurrentIfMatch_OrStar_IsApplied(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);
        var current = await GetETagAsync(resource.Path);

        var conditional = resource.Write("matched");
        conditional.Headers.IfMatch.Add(current);
        using var matched = await _http.SendAsync(conditional);
        var star = resource.Write("starred");
        star.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        using var starred = await _http.SendAsync(star);

        Assert.True(matched.IsSuccessStatusCode, $"{kind}: {(int)matched.StatusCode} {await matched.Content.ReadAsStringAsync()}");
        Assert.True(starred.IsSuccessStatusCode, $"{kind}: {(int)starred.StatusCode} {await starred.Content.ReadAsStringAsync()}");
        Assert.Contains("starred", (await GetAsync(resource.Path)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Get_WithIfNoneMatch_OfTheCurrentETag_Is304WithoutBody(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);
        var current = await GetETagAsync(resource.Path);

        foreach (var header in new[] { current.Tag, "*", $"\"0000\", {current.Tag}", $"W/{current.Tag}" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, resource.Path);
            request.Headers.TryAddWithoutValidation("If-None-Match", header);
            using var response = await _http.SendAsync(request);

            Assert.True(HttpStatusCode.NotModified == response.StatusCode, $"{kind}, If-None-Match {header}: {(int)response.StatusCode}");
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(current, response.Headers.ETag);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Get_WithIfNoneMatch_OfAnOldETag_Is200WithTheNewOne(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);
        var old = await GetETagAsync(resource.Path);
        (await _http.SendAsync(resource.Write("newer"))).EnsureSuccessStatusCode();

        var request = new HttpRequestMessage(HttpMethod.Get, resource.Path);
        request.Headers.IfNoneMatch.Add(old);
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(old, response.Headers.ETag);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PutUser_IfMatchStar_WithoutProfile_Is412_AndCreatesNothing()
    {
        var userId = ApiCalls.NewUserId();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/users/{userId}") { Content = ApiCalls.JsonBody("{\"displayName\":\"Ada\"}") };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);

        await (await _http.SendAsync(request)).AssertErrorAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/users/{userId}")).StatusCode);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("session")]
    [InlineData("persona")]
    public async Task Delete_WithStaleIfMatch_Is412_AndKeepsTheResource_WithCurrentIfMatch_Deletes(string kind)
    {
        var resource = await ETagResources.CreateAsync(_http, kind);
        var stale = await GetETagAsync(resource.Path);
        (await _http.SendAsync(resource.Write("moved on"))).EnsureSuccessStatusCode();
        var current = await GetETagAsync(resource.Path);

        var refused = new HttpRequestMessage(HttpMethod.Delete, resource.Path);
        refused.Headers.IfMatch.Add(stale);
        await (await _http.SendAsync(refused)).AssertErrorAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(current, await GetETagAsync(resource.Path));

        var accepted = new HttpRequestMessage(HttpMethod.Delete, resource.Path);
        accepted.Headers.IfMatch.Add(current);
        (await _http.SendAsync(accepted)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(resource.Path)).StatusCode);
    }

    [Theory]
    [InlineData("abc", "entity-tag-syntax")]
    [InlineData("\"a\", \"b\"", "one-if-match-tag")]
    public async Task Write_WithAnIfMatchThatIsNotOneEntityTag_Is400NamingTheRule(string header, string rule)
    {
        var resource = await ETagResources.CreateAsync(_http, "user");
        var before = await GetETagAsync(resource.Path);
        var request = resource.Write("never");
        request.Headers.TryAddWithoutValidation("If-Match", header);

        var message = await (await _http.SendAsync(request)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");

        Assert.Contains(rule, message, StringComparison.Ordinal);
        Assert.Equal(before, await GetETagAsync(resource.Path));
    }

    [Fact]
    public async Task Write_WithAWeakIfMatch_Is412_SinceIfMatchComparesStrongly()
    {
        var resource = await ETagResources.CreateAsync(_http, "session");
        var current = await GetETagAsync(resource.Path);
        var request = resource.Write("weak");
        request.Headers.TryAddWithoutValidation("If-Match", "W/" + current.Tag);

        await (await _http.SendAsync(request)).AssertErrorAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(current, await GetETagAsync(resource.Path));
    }

    [Fact]
    public async Task SessionETag_ChangesWhenAMessageIsAdded()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var before = await GetETagAsync(ApiCalls.PathOf(session));

        await _http.AddMessageAsync(session, "hello");

        Assert.NotEqual(before, await GetETagAsync(ApiCalls.PathOf(session)));
    }

    private async Task<EntityTagHeaderValue> GetETagAsync(string path) => (await GetAsync(path)).ETag;

    private async Task<(EntityTagHeaderValue ETag, string Body)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return (response.Headers.ETag ?? throw new Xunit.Sdk.XunitException($"GET {path} answered without an ETag."), body);
    }
}
