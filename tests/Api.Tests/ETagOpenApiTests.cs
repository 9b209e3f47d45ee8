using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>The OpenAPI document declares the ETag header, If-None-Match / If-Match and 304 / 412 where they apply.</summary>
[Collection(ApiCollection.Name)]
public sealed class ETagOpenApiTests(ApiServer server)
{
    public static TheoryData<string> Reads =>
    [
        "/users/{userId}",
        "/users/{userId}/sessions/{sessionId}",
        "/users/{userId}/sessions/{sessionId}/context",
        "/users/{userId}/sessions/{sessionId}/documents/{filename}",
        "/personas/{personaId}",
        "/users/{userId}/personas/{personaId}",
    ];

    public static TheoryData<string, string, string> Writes => new()
    {
        { "/users/{userId}", "put", "200" },
        { "/users/{userId}", "patch", "200" },
        { "/users/{userId}", "delete", "" },
        { "/users/{userId}/sessions/{sessionId}", "patch", "200" },
        { "/users/{userId}/sessions/{sessionId}", "delete", "" },
        { "/users/{userId}/sessions/{sessionId}/context", "put", "200" },
        { "/users/{userId}/sessions/{sessionId}/documents/{filename}", "put", "201" },
        { "/users/{userId}/sessions/{sessionId}/documents/{filename}/analysis", "put", "200" },
        { "/personas/{personaId}", "put", "200" },
        { "/personas/{personaId}", "delete", "" },
        { "/users/{userId}/personas/{personaId}", "put", "200" },
        { "/users/{userId}/personas/{personaId}", "delete", "" },
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Read_DeclaresIfNoneMatch_304_AndTheETagHeader(string path)
    {
        var operation = await OperationAsync(path, "get");

        Assert.Contains(HeaderParameters(operation), name => name == "If-None-Match");
        Assert.True(operation.GetProperty("responses").TryGetProperty("304", out _), $"GET {path} declares no 304");
        Assert.True(operation.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _),
            $"GET {path} declares no ETag header on 200");
    }

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task Write_DeclaresIfMatch_412_AndTheETagOfWhatItStored(string path, string method, string statusWithETag)
    {
        var operation = await OperationAsync(path, method);

        Assert.Contains(HeaderParameters(operation), name => name == "If-Match");
        Assert.True(operation.GetProperty("responses").TryGetProperty("412", out _), $"{method} {path} declares no 412");
        if (statusWithETag.Length > 0)
        {
            Assert.True(operation.GetProperty("responses").GetProperty(statusWithETag).GetProperty("headers").TryGetProperty("ETag", out _),
                $"{method} {path} declares no ETag header on {statusWithETag}");
        }
    }

    private async Task<JsonElement> OperationAsync(string path, string method)
    {
        var document = await (await server.Http.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item), $"no path {path} in the OpenAPI document");
        Assert.True(item.TryGetProperty(method, out var operation), $"no {method} on {path}");
        return operation;
    }

    private static IEnumerable<string?> HeaderParameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString())
            : [];
}
