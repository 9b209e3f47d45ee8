using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>
/// One resource of each kind that has ETags (profile, session, context, document, persona), created for a test,
/// with the URL that reads it and a write that changes it (its text ends up in what the read returns).
/// </summary>
internal sealed record ETagResource(string Kind, string Path, Func<string, HttpRequestMessage> Write)
{
    public override string ToString() => Kind;
}

internal static class ETagResources
{
    public static async Task<ETagResource> CreateAsync(HttpClient http, string kind)
    {
        var userId = ApiCalls.NewUserId("etag");
        switch (kind)
        {
            case "user":
            {
                var path = $"/users/{userId}";
                await CreatedAsync(http, Json(HttpMethod.Put, path, new { displayName = "first" }));
                return new(kind, path, text => Json(HttpMethod.Patch, path, new { displayName = text }));
            }

            case "session":
            {
                var path = ApiCalls.PathOf(await http.CreateSessionAsync(userId, "first"));
                return new(kind, path, text => Json(HttpMethod.Patch, path, new { title = text }));
            }

            case "context":
            {
                var path = ApiCalls.PathOf(await http.CreateSessionAsync(userId)) + "/context";
                await CreatedAsync(http, Json(HttpMethod.Put, path, new { summary = "first", confidence = 0.5 }));
                return new(kind, path, text => Json(HttpMethod.Put, path, new { summary = text, confidence = 0.5 }));
            }

            case "document":
            {
                var path = ApiCalls.PathOf(await http.CreateSessionAsync(userId)) + "/documents/notes.txt";
                await CreatedAsync(http, Bytes(path, "first"));
                return new(kind, path, text => Bytes(path, text));
            }

            case "persona":
            {
                var path = $"/personas/etag-{Guid.NewGuid():N}";
                await CreatedAsync(http, Json(HttpMethod.Put, path, new { name = "first" }));
                return new(kind, path, text => Json(HttpMethod.Put, path, new { name = text }));
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a resource with ETags");
        }
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, object body) =>
        new(method, path) { Content = JsonContent.Create(body, options: ApiCalls.Json) };

    private static HttpRequestMessage Bytes(string path, string text) =>
        new(HttpMethod.Put, path) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };

    private static async Task CreatedAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created,
            $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
