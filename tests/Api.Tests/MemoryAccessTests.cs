using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>A user's key reaches that user's memories and no one else's, whichever memory route it tries.</summary>
[Collection(SecuredApiCollection.Name)]
public sealed class MemoryAccessTests(SecuredApiServer fixture)
{
    private const string Secret = "User's bank PIN hint is a-secret-marker";

    [Fact]
    public async Task AliceKey_CannotReadChangeOrRecallBobsMemories_ButReachesHerOwn()
    {
        var server = fixture.Server.BaseAddress;
        var admin = RouteAccessTests.Bearer(fixture.AdminKey);
        var alice = RouteAccessTests.Bearer(fixture.AliceKey);
        var added = await RawHttp.SendAsync(server, "POST", "/users/bob/memories", JsonSerializer.Serialize(new { text = Secret }), admin);
        Assert.True(added.Status == 201, added.Body);
        var id = JsonDocument.Parse(added.Body).RootElement.GetProperty("id").GetString()!;
        var bobs = $"/users/bob/memories/{id}";

        var answers = new[]
        {
            await RawHttp.SendAsync(server, "GET", "/users/bob/memories", headers: alice),
            await RawHttp.SendAsync(server, "GET", bobs, headers: alice),
            await RawHttp.SendAsync(server, "GET", "/users/bob/memories/recall?q=bank", headers: alice),
            await RawHttp.SendAsync(server, "GET", "/users/Bob/memories/recall?q=bank", headers: alice),
            await RawHttp.SendAsync(server, "PATCH", bobs, """{"text":"changed"}""", alice),
            await RawHttp.SendAsync(server, "DELETE", bobs, headers: alice),
            await RawHttp.SendAsync(server, "POST", "/users/bob/memories", """{"text":"planted"}""", alice),
            await RawHttp.SendAsync(server, "POST", "/users/bob/memories/extract", """{"sessionId":"chat_session_20200101_000000_000000"}""", alice),
            await RawHttp.SendAsync(server, "GET", $"/users/alice/memories/..%2F..%2Fbob%2Fmemories%2F{id}", headers: alice),
        };

        foreach (var answer in answers)
        {
            Assert.True(answer.Status is 400 or 403 or 404, $"{answer.Target}: {answer.Status} {answer.Body}");
            Assert.DoesNotContain("a-secret-marker", answer.Body, StringComparison.Ordinal);
        }

        Assert.All(answers.Take(8), answer => Assert.Equal(403, answer.Status));
        var own = await RawHttp.SendAsync(server, "GET", "/users/alice/memories", headers: alice);
        Assert.True(own.Status == 200, own.Body);
        var still = await RawHttp.SendAsync(server, "GET", "/users/bob/memories", headers: admin);
        var texts = JsonDocument.Parse(still.Body).RootElement.EnumerateArray().Select(m => m.GetProperty("text").GetString()).ToList();
        Assert.Contains(Secret, texts);
        Assert.DoesNotContain("changed", texts);
        Assert.DoesNotContain("planted", texts);
    }
}
