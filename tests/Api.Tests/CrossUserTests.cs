using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// Alice's key aimed at Bob's directory by every spelling that might slip past a path comparison: dot
/// segments (literal, percent-encoded, double-encoded), encoded separators, case, lookalike characters,
/// a second user id in the query. None may read or change Bob's data.
/// </summary>
[Collection(SecuredApiCollection.Name)]
public sealed class CrossUserTests(SecuredApiServer fixture)
{
    private const string Marker = "bob-private-marker";

    public static TheoryData<string> HostileTargets =>
    [
        "/users/bob",
        "/users/bob/sessions",
        "/users/Bob/sessions",
        "/USERS/bob/sessions",
        "/users/%62ob/sessions",
        "/users/%62%6f%62",
        "/users/alice/../bob",
        "/users/alice/../bob/sessions",
        "/users/alice/%2e%2e/bob/sessions",
        "/users/alice/%2E%2E/bob",
        "/users/alice/.%2e/bob",
        "/users/alice/%252e%252e/bob",
        "/users/alice/..%2Fbob",
        "/users/alice%2F..%2Fbob",
        "/users/alice%2f..%2fbob/sessions",
        "/users/alice/sessions/..%2F..%2Fbob",
        "/users/alice/sessions/%2e%2e/%2e%2e/bob",
        "/users/..%2Fbob",
        "/users/%2e%2e/users/bob",
        "/users/alice/personas/..%2F..%2F..%2Fusers%2Fbob",
        "/users/alice/./../bob",
        "//users/bob",
        "/users//bob",
        "/users/alice%5C..%5Cbob",
        "/users/alice\\..\\bob",
        "/users/bob?userId=alice",
        "/users/bob/search?q=bob-private-marker&userId=alice",
        "/users/%EF%BD%82ob",
        "/users/alice%00/sessions",
        "/users/alice%00bob",
        "/personas?userId=bob",
        "/personas/critic?userId=bob",
    ];

    [Theory]
    [MemberData(nameof(HostileTargets))]
    public async Task AliceKey_AimedAtBobsDirectory_NeverReadsOrChangesIt(string target)
    {
        var bobSession = await SeedBobAsync();
        var before = await BobAsSeenByAdminAsync(bobSession);

        var answers = new List<RawResponse>();
        foreach (var method in new[] { "GET", "PUT", "PATCH", "DELETE", "POST" })
        {
            answers.Add(await RawHttp.SendAsync(fixture.Server.BaseAddress, method, target, method is "PUT" or "PATCH" or "POST" ? "{}" : null, RouteAccessTests.Bearer(fixture.AliceKey)));
        }

        foreach (var answer in answers)
        {
            Assert.True(answer.Status is 400 or 403 or 404 or 405, $"{target}: {answer.Status} {answer.Body}");
            Assert.DoesNotContain(Marker, answer.Body, StringComparison.Ordinal);
        }

        Assert.Equal(before, await BobAsSeenByAdminAsync(bobSession));
    }

    [Theory]
    [InlineData("/users/%61lice/sessions")]
    [InlineData("/users/%61%6c%69%63%65")]
    public async Task AliceKey_WithHerOwnIdPercentEncoded_IsStillAlice(string target)
    {
        var answer = await RawHttp.SendAsync(fixture.Server.BaseAddress, "GET", target, headers: RouteAccessTests.Bearer(fixture.AliceKey));

        Assert.True(answer.Status is 200 or 404, $"{target}: {answer.Status} {answer.Body}");
    }

    /// <summary>Bob's profile, a session and a message, created with the admin key (once; later calls find them).</summary>
    private async Task<string> SeedBobAsync()
    {
        var admin = RouteAccessTests.Bearer(fixture.AdminKey);
        var server = fixture.Server.BaseAddress;
        var profile = await RawHttp.SendAsync(server, "PUT", "/users/bob", $$"""{"displayName":"{{Marker}}"}""", admin);
        Assert.Equal(200, profile.Status);
        var sessions = await RawHttp.SendAsync(server, "GET", "/users/bob/sessions", headers: admin);
        var existing = JsonDocument.Parse(sessions.Body).RootElement;
        if (existing.GetArrayLength() > 0)
        {
            return existing[0].GetProperty("id").GetString()!;
        }

        var created = await RawHttp.SendAsync(server, "POST", "/users/bob/sessions", $$"""{"title":"{{Marker}}"}""", admin);
        Assert.Equal(201, created.Status);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
        var message = await RawHttp.SendAsync(server, "POST", $"/users/bob/sessions/{id}/messages", $$"""{"role":"user","content":"{{Marker}}"}""", admin);
        Assert.Equal(201, message.Status);
        return id;
    }

    private async Task<string> BobAsSeenByAdminAsync(string sessionId)
    {
        var admin = RouteAccessTests.Bearer(fixture.AdminKey);
        var server = fixture.Server.BaseAddress;
        var parts = new List<string>();
        foreach (var path in new[] { "/users/bob", "/users/bob/sessions", $"/users/bob/sessions/{sessionId}/messages" })
        {
            var answer = await RawHttp.SendAsync(server, "GET", path, headers: admin);
            Assert.Equal(200, answer.Status);
            parts.Add(answer.Body);
        }

        return string.Join('\n', parts);
    }
}
