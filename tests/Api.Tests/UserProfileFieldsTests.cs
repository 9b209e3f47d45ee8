using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>A profile is a free-form object: fields besides the named ones are kept, merged and removed like data.</summary>
[Collection(ApiCollection.Name)]
public sealed class UserProfileFieldsTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task PutUser_WithFieldsOfItsOwn_KeepsEveryFieldAtTheTopLevel()
    {
        var userId = ApiCalls.NewUserId();
        var put = await (await _http.PutJsonAsync($"/users/{userId}", new { name = "Alice", tier = "pro", limits = new { daily = 50 } })).ReadJsonAsync();
        Assert.Equal("Alice", put.GetProperty("name").GetString());

        var json = await (await _http.GetAsync($"/users/{userId}")).ReadJsonAsync();
        Assert.Equal("Alice", json.GetProperty("name").GetString());
        Assert.Equal("pro", json.GetProperty("tier").GetString());
        Assert.Equal(50, json.GetProperty("limits").GetProperty("daily").GetInt32());
        Assert.Equal(userId, json.GetProperty("userId").GetString());

        using var onDisk = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Join(server.DataDirectory, "users", userId, "profile.json")));
        Assert.Equal("pro", onDisk.RootElement.GetProperty("tier").GetString());
        Assert.Equal(userId, onDisk.RootElement.GetProperty("user_id").GetString());
    }

    [Fact]
    public async Task PatchUser_MergesFieldsOfItsOwn_AndNullRemovesOne()
    {
        var userId = ApiCalls.NewUserId();
        await (await _http.PutJsonAsync($"/users/{userId}", new { name = "Alice", tier = "pro" })).ReadJsonAsync();

        using var body = JsonDocument.Parse("""{"tier":"max","name":null,"region":"eu"}""");
        var patched = await (await _http.PatchJsonAsync($"/users/{userId}", body.RootElement)).ReadJsonAsync();

        Assert.Equal("max", patched.GetProperty("tier").GetString());
        Assert.Equal("eu", patched.GetProperty("region").GetString());
        Assert.False(patched.TryGetProperty("name", out _), "a field patched to null is removed");
        var again = await (await _http.GetAsync($"/users/{userId}")).ReadJsonAsync();
        Assert.Equal("max", again.GetProperty("tier").GetString());
        Assert.False(again.TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("created_at")]
    [InlineData("user_id")]
    [InlineData("display_name")]
    [InlineData("UpdatedAt")]
    public async Task PutUser_WithAFieldNamedLikeANamedOne_Is400NamingTheField(string field)
    {
        var userId = ApiCalls.NewUserId();
        using var body = JsonDocument.Parse($$"""{"{{field}}":"x"}""");
        var response = await _http.PutJsonAsync($"/users/{userId}", body.RootElement);
        var error = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains(field, error, StringComparison.Ordinal);
        Assert.Contains("reserved-profile-field", error, StringComparison.Ordinal);
    }
}
