using System.Net;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests;

/// <summary>
/// A field a route's body contract does not have is refused with a 400 that names it, on every route with a typed
/// body, and nothing is written; free-form bodies (profiles, metadata, analysis, personas, insights) keep theirs.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class UnknownFieldTests(ApiServer server)
{
    private readonly HttpClient _http = server.Http;

    public static TheoryData<string, string, string> TypedBodies() => new()
    {
        { "POST", "{session}/messages", """{"role": "user", "content": "hi", "seq": 999999}""" },
        { "POST", "/users/{user}/sessions", """{"title": "t", "owner": "mallory"}""" },
        { "PATCH", "{session}", """{"title": "t", "createdAt": "2020-01-01T00:00:00Z"}""" },
        { "PUT", "{session}/context", """{"summary": "s", "confidence": 0.5, "score": 3}""" },
        { "POST", "{session}/context/snapshots", """{"summary": "s", "confidence": 0.5, "id": "context_1"}""" },
        { "POST", "/panels", """{"type": "multi_persona", "personas": ["tutor"], "rounds": 3}""" },
        { "POST", "{panel}/messages", """{"role": "user", "content": "hi", "seq": 999999}""" },
        { "PATCH", "{panel}", """{"config": {"rounds": 4}, "type": "debate"}""" },
    };

    [Theory]
    [MemberData(nameof(TypedBodies))]
    public async Task UnknownField_InATypedBody_Is400NamingIt(string method, string route, string body)
    {
        var (path, readBack) = await TargetAsync(route);
        var before = await (await _http.GetAsync(readBack)).Content.ReadAsStringAsync();
        var field = JsonDocument.Parse(body).RootElement.EnumerateObject().Last().Name;

        var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = ApiCalls.JsonBody(body) });

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("$." + field, message, StringComparison.Ordinal);
        Assert.Contains("no-unknown-fields", message, StringComparison.Ordinal);
        Assert.Equal(before, await (await _http.GetAsync(readBack)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownField_NestedInATypedBody_IsNamedWithItsPath()
    {
        var session = await _http.CreateSessionAsync(ApiCalls.NewUserId());
        var response = await _http.PostAsync(ApiCalls.PathOf(session) + "/messages",
            ApiCalls.JsonBody("""{"role": "user", "content": "hi", "metadata": {"free": {"form": 1}}, "attachments": [], "extra": {"a": 1}}"""));
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation");
        Assert.Contains("$.extra", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FreeFormBodies_KeepEveryField()
    {
        var userId = ApiCalls.NewUserId();
        var profile = await (await _http.PutAsync($"/users/{userId}",
            ApiCalls.JsonBody("""{"displayName": "A", "timezone": "Europe/Paris"}"""))).ReadJsonAsync();
        Assert.Equal("Europe/Paris", profile.GetProperty("timezone").GetString());
        var patched = await (await _http.PatchAsync($"/users/{userId}", ApiCalls.JsonBody("""{"plan": "pro"}"""))).ReadJsonAsync();
        Assert.Equal("pro", patched.GetProperty("plan").GetString());

        var session = await (await _http.PostAsync($"/users/{userId}/sessions",
            ApiCalls.JsonBody("""{"metadata": {"anything": {"nested": [1, 2]}}}"""))).ReadAsync<ChatSession>(HttpStatusCode.Created);
        Assert.Equal(2, session.Metadata["anything"].GetProperty("nested").GetArrayLength());
        var message = await (await _http.PostAsync(ApiCalls.PathOf(session) + "/messages",
            ApiCalls.JsonBody("""{"role": "user", "content": "hi", "metadata": {"seq": 999999}}"""))).ReadAsync<ChatMessage>(HttpStatusCode.Created);
        Assert.Equal(1, message.Seq);
        Assert.Equal(999999, message.Metadata["seq"].GetInt32());

        var persona = await (await _http.PutAsync($"/users/{userId}/personas/guide",
            ApiCalls.JsonBody("""{"name": "Guide", "whatever": true}"""))).ReadJsonAsync();
        Assert.True(persona.GetProperty("data").GetProperty("whatever").GetBoolean());

        Assert.Equal(HttpStatusCode.Created, (await _http.PutAsync(ApiCalls.PathOf(session) + "/documents/a.txt", new StringContent("x"))).StatusCode);
        var document = await (await _http.PutAsync(ApiCalls.PathOf(session) + "/documents/a.txt/analysis",
            ApiCalls.JsonBody("""{"anyKey": 1}"""))).ReadJsonAsync();
        Assert.Equal(1, document.GetProperty("analysis").GetProperty("anyKey").GetInt32());

        var panel = await (await _http.PostAsync("/panels", ApiCalls.JsonBody("""{"type": "t", "personas": ["tutor"]}"""))).ReadJsonAsync(HttpStatusCode.Created);
        var insight = await (await _http.PostAsync($"/panels/{panel.GetProperty("id").GetString()}/insights",
            ApiCalls.JsonBody("""{"free": "form"}"""))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("form", insight.GetProperty("data").GetProperty("free").GetString());
    }

    /// <summary>The route with its ids filled in, and a read that shows whether anything was written.</summary>
    private async Task<(string Path, string ReadBack)> TargetAsync(string route)
    {
        var userId = ApiCalls.NewUserId();
        var session = await _http.CreateSessionAsync(userId, "before");
        var sessionPath = ApiCalls.PathOf(session);
        if (route.StartsWith("{panel}", StringComparison.Ordinal) || route == "/panels")
        {
            var panel = await (await _http.PostAsync("/panels", ApiCalls.JsonBody("""{"type": "t", "personas": ["tutor"]}"""))).ReadJsonAsync(HttpStatusCode.Created);
            var panelPath = "/panels/" + panel.GetProperty("id").GetString();
            return route switch
            {
                "/panels" => ("/panels", panelPath),
                "{panel}" => (panelPath, panelPath),
                _ => (route.Replace("{panel}", panelPath, StringComparison.Ordinal), panelPath + "/messages"),
            };
        }

        var path = route.Replace("{session}", sessionPath, StringComparison.Ordinal).Replace("{user}", userId, StringComparison.Ordinal);
        var readBack = route switch
        {
            "/users/{user}/sessions" => $"/users/{userId}/sessions",
            "{session}/messages" => sessionPath + "/messages",
            "{session}/context" or "{session}/context/snapshots" => sessionPath + "/context/history",
            _ => sessionPath,
        };
        return (path, readBack);
    }
}
