using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatDb.Runtime.TestKit;

namespace ChatDb.GoldenTree;

/// <summary>
/// Writes through the REST API, moving the fake clock one <see cref="Step"/> before each write, so every
/// stored time is known in advance and differs from the others. A refused write ends the generator.
/// </summary>
internal sealed class ScenarioClient(HttpClient http, FakeTimeProvider clock)
{
    /// <summary>1.234567 s: whole seconds and microseconds both change from one write to the next.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromTicks(12_345_670);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<JsonNode?> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, Body(body));

    public Task<JsonNode?> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, Body(body));

    public Task<JsonNode?> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body is null ? null : Body(body));

    public Task<JsonNode?> PutBytesAsync(string path, byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(HttpMethod.Put, path, body);
    }

    private static StringContent Body(object body) =>
        new(JsonSerializer.Serialize(body, body.GetType(), Json), Encoding.UTF8, "application/json");

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, HttpContent? content)
    {
        clock.Advance(Step);
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} was refused: {(int)response.StatusCode} {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
