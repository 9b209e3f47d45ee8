using System.Text;
using System.Text.Json;
using ChatDb.Api.Tests.Infrastructure;

namespace ChatDb.Api.Tests;

/// <summary>
/// Requests the server refuses before any of our code runs (Kestrel: a NUL in the path, a too long request line,
/// too large headers) still get the API's <c>{error, message}</c> body, over a raw socket as an outside client
/// sends them; everything else on the connection goes out unchanged.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ServerRejectionTests(ApiServer server)
{
    public static TheoryData<string, int, string, string> Rejected() => new()
    {
        { "a raw NUL in the path", 400, "validation", "GET /users/a\0b HTTP/1.1\r\nHost: x\r\n\r\n" },
        { "an encoded NUL in the path", 400, "validation", "GET /users/a%00b HTTP/1.1\r\nHost: x\r\n\r\n" },
        { "a 100 KB query string", 414, "limit_exceeded", $"GET /users/a/sessions?q={new string('x', 100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n" },
        { "a 40 KB header", 431, "limit_exceeded", $"GET /users/a HTTP/1.1\r\nHost: x\r\nX-Big: {new string('y', 40 * 1024)}\r\n\r\n" },
        { "200 headers", 431, "limit_exceeded",
            "GET /users/a HTTP/1.1\r\nHost: x\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n")) + "\r\n" },
        { "an unknown HTTP version", 505, "validation", "GET /users/a HTTP/1.7\r\nHost: x\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task ServerRejection_HasTheApiErrorBody(string what, int status, string kind, string request)
    {
        var response = await RawHttp.SendBytesAsync(server.BaseAddress, Encoding.Latin1.GetBytes(request));

        Assert.True(status == response.Status, $"{what}: {response.Status} {response.Body}");
        using var body = JsonDocument.Parse(response.Body);
        Assert.Equal(kind, body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Rejection_AfterAnAnsweredRequestOnTheSameConnection_LeavesTheFirstAnswerIntact()
    {
        var request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /users/a%00b HTTP/1.1\r\nHost: x\r\n\r\n";

        var response = await RawHttp.SendBytesAsync(server.BaseAddress, Encoding.ASCII.GetBytes(request));

        Assert.Equal(200, response.Status);
        Assert.Contains("{\"status\":\"ready\",\"modules\":{", response.Body, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 400 Bad Request", response.Body, StringComparison.Ordinal);
        Assert.EndsWith("\"}", response.Body, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"validation\"", response.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LimitMessage_NamesTheConfiguredLimit()
    {
        var request = $"GET /users/a/sessions?q={new string('x', 100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n";

        var response = await RawHttp.SendBytesAsync(server.BaseAddress, Encoding.ASCII.GetBytes(request));

        Assert.Contains("MaxRequestLineSize = 8192", response.Body, StringComparison.Ordinal);
    }
}
