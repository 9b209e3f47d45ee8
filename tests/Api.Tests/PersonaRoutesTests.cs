using System.Net;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class PersonaRoutesTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task GlobalPersona_SavesVersions_AndListsAmongGlobals()
    {
        var id = "persona-" + Guid.NewGuid().ToString("N")[..8];
        var v1 = await (await _http.PutJsonAsync($"/personas/{id}", new { name = "Critic", tone = "dry" })).ReadAsync<Persona>();
        var v2 = await (await _http.PutJsonAsync($"/personas/{id}", new { name = "Critic", tone = "warm" })).ReadAsync<Persona>();
        Assert.Equal(1, v1.Version);
        Assert.Equal(2, v2.Version);
        Assert.Null(v2.UserId);

        Assert.Equal("warm", (await (await _http.GetAsync($"/personas/{id}")).ReadAsync<Persona>()).Data["tone"].GetString());
        Assert.Equal("dry", (await (await _http.GetAsync($"/personas/{id}/versions/1")).ReadAsync<Persona>()).Data["tone"].GetString());
        Assert.Equal([1, 2], (await (await _http.GetAsync($"/personas/{id}/versions")).ReadAsync<List<PersonaVersionInfo>>()).Select(v => v.Version));
        await (await _http.GetAsync($"/personas/{id}/versions/3")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Contains(id, (await (await _http.GetAsync("/personas")).ReadAsync<List<Persona>>()).Select(p => p.Id));
    }

    [Fact]
    public async Task UserPersona_IsSeparateFromTheGlobalOne()
    {
        var userId = ApiCalls.NewUserId();
        var id = "persona-" + Guid.NewGuid().ToString("N")[..8];
        var own = await (await _http.PutJsonAsync($"/users/{userId}/personas/{id}", new { name = "Mine" })).ReadAsync<Persona>();
        Assert.Equal(userId, own.UserId);

        await (await _http.GetAsync($"/personas/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.GetAsync($"/personas/{id}?userId={userId}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("Mine", (await (await _http.GetAsync($"/users/{userId}/personas/{id}")).ReadAsync<Persona>()).Data["name"].GetString());
        var listed = await (await _http.GetAsync($"/personas?userId={userId}")).ReadAsync<List<Persona>>();
        Assert.Equal([id], listed.Where(p => p.Scope == PersonaScopes.User).Select(p => p.Id));
        Assert.All(listed.Where(p => p.Scope != PersonaScopes.User), p => Assert.Equal((PersonaScopes.Global, (string?)null), (p.Scope, p.UserId)));
    }

    [Fact]
    public async Task ListPersonas_ForAUser_GivesTheirOwnThenTheGlobalOnes_Marked_AndQSearchesNameDescriptionAndText()
    {
        var userId = ApiCalls.NewUserId();
        var word = "w" + Guid.NewGuid().ToString("N")[..10];
        await (await _http.PutJsonAsync($"/users/{userId}/personas/mine-a", new { name = "Coach " + word.ToUpperInvariant() })).ReadAsync<Persona>();
        await (await _http.PutJsonAsync($"/users/{userId}/personas/mine-b", new { name = "Other" })).ReadAsync<Persona>();
        await (await _http.PutJsonAsync($"/personas/global-{word}", new { name = "Global", description = "x" })).ReadAsync<Persona>();
        await (await _http.PutJsonAsync($"/personas/global2-{word[..4]}", new { text = "speaks like " + word })).ReadAsync<Persona>();

        var all = await (await _http.GetAsync($"/personas?userId={userId}")).ReadAsync<List<Persona>>();
        var found = await (await _http.GetAsync($"/personas?userId={userId}&q={word}")).ReadAsync<List<Persona>>();
        var globalOnly = await (await _http.GetAsync($"/personas?q={word}")).ReadAsync<List<Persona>>();

        Assert.Equal(["mine-a", "mine-b"], all.TakeWhile(p => p.Scope == PersonaScopes.User).Select(p => p.Id));
        Assert.Contains(all, p => p.Id == $"global-{word}" && p.Scope == PersonaScopes.Global);
        Assert.Equal([("mine-a", "user"), ($"global-{word}", "global"), ($"global2-{word[..4]}", "global")], found.Select(p => (p.Id, p.Scope!)));
        Assert.Equal([$"global-{word}", $"global2-{word[..4]}"], globalOnly.Select(p => p.Id));
    }

    [Fact]
    public async Task SharePersona_CopiesToAnotherUserWithProvenance_AndPublish_MakesAGlobalOne()
    {
        var alice = ApiCalls.NewUserId();
        var bob = ApiCalls.NewUserId();
        var id = "persona-" + Guid.NewGuid().ToString("N")[..8];
        await (await _http.PutJsonAsync($"/users/{alice}/personas/{id}", new { name = "Draft" })).ReadAsync<Persona>();
        var v2 = await (await _http.PutJsonAsync($"/users/{alice}/personas/{id}", new { name = "Coach" })).ReadAsync<Persona>();

        var shareResponse = await _http.PostJsonAsync($"/users/{alice}/personas/{id}/share", new { toUserId = bob });
        var shared = await shareResponse.ReadAsync<Persona>(HttpStatusCode.Created);
        var published = await (await _http.PostJsonAsync($"/users/{alice}/personas/{id}/publish", new { asPersonaId = id + "-pub" })).ReadAsync<Persona>(HttpStatusCode.Created);

        Assert.Equal((bob, id, 1, "Coach"), (shared.UserId, shared.Id, shared.Version, shared.Data["name"].GetString()));
        Assert.Equal((alice, id, v2.Version), (shared.CopiedFrom!.UserId, shared.CopiedFrom.PersonaId, shared.CopiedFrom.Version));
        Assert.Equal($"/users/{bob}/personas/{id}", shareResponse.Headers.Location?.OriginalString);
        Assert.Equal(alice, (await (await _http.GetAsync($"/users/{bob}/personas/{id}")).ReadAsync<Persona>()).CopiedFrom!.UserId);
        Assert.Equal(((string?)null, alice), (published.UserId, published.CopiedFrom!.UserId));
        Assert.Equal("Coach", (await (await _http.GetAsync($"/personas/{id}-pub")).ReadAsync<Persona>()).Data["name"].GetString());
    }

    [Fact]
    public async Task ShareOrPublish_OntoAnExistingPersona_Is400_OfAnUnknownOne_Is404_AndUnknownFields_Are400()
    {
        var alice = ApiCalls.NewUserId();
        var bob = ApiCalls.NewUserId();
        var id = "persona-" + Guid.NewGuid().ToString("N")[..8];
        await (await _http.PutJsonAsync($"/users/{alice}/personas/{id}", new { name = "A" })).ReadAsync<Persona>();
        await (await _http.PutJsonAsync($"/users/{bob}/personas/{id}", new { name = "B" })).ReadAsync<Persona>();

        var exists = await (await _http.PostJsonAsync($"/users/{alice}/personas/{id}/share", new { toUserId = bob })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("copy-target-exists", exists, StringComparison.Ordinal);
        Assert.Equal("B", (await (await _http.GetAsync($"/users/{bob}/personas/{id}")).ReadAsync<Persona>()).Data["name"].GetString());
        await (await _http.PostJsonAsync($"/users/{alice}/personas/nobody/share", new { toUserId = bob })).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.PostJsonAsync($"/users/{alice}/personas/{id}/share", new { })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.PostJsonAsync($"/users/{alice}/personas/{id}/share", new { toUserId = "../x" })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.PostJsonAsync($"/users/{alice}/personas/{id}/share", new { toUserId = alice })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        await (await _http.PostJsonAsync($"/users/{alice}/personas/{id}/publish", new { asPersonaId = id, version = 3 })).AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task DeletePersona_Is204_ThenGetIs404()
    {
        var id = "persona-" + Guid.NewGuid().ToString("N")[..8];
        await (await _http.PutJsonAsync($"/personas/{id}", new { name = "Temp" })).ReadAsync<Persona>();

        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/personas/{id}")).StatusCode);
        await (await _http.GetAsync($"/personas/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
        await (await _http.DeleteAsync($"/personas/{id}")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }
}
