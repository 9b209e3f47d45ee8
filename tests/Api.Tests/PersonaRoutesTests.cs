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
        Assert.Equal([id], (await (await _http.GetAsync($"/personas?userId={userId}")).ReadAsync<List<Persona>>()).Select(p => p.Id));
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
