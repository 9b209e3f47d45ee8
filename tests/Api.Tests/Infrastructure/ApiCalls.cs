using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatDb.Grains.Models;

namespace ChatDb.Api.Tests.Infrastructure;

/// <summary>Request helpers and assertions shared by the route tests.</summary>
internal static class ApiCalls
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    private static int _nextId;

    /// <summary>A user id no other test uses.</summary>
    public static string NewUserId(string prefix = "user") => $"{prefix}-{Interlocked.Increment(ref _nextId)}-{Guid.NewGuid():N}";

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient http, string path, object body) =>
        http.PostAsJsonAsync(path, body, Json);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient http, string path, object body) =>
        http.PutAsJsonAsync(path, body, Json);

    public static Task<HttpResponseMessage> PatchJsonAsync(this HttpClient http, string path, object body) =>
        http.PatchAsJsonAsync(path, body, Json);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException("null body");
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK) =>
        await response.ReadAsync<JsonElement>(expected);

    /// <summary>Asserts the status and the API's error body: the kind, and a message without a stack trace.</summary>
    public static async Task<string> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        var body = await response.ReadJsonAsync(status);
        Assert.Equal(kind, body.GetProperty("error").GetString());
        var message = body.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        return message!;
    }

    public static async Task<ChatSession> CreateSessionAsync(this HttpClient http, string userId, string? title = null)
    {
        var response = await http.PostJsonAsync($"/users/{userId}/sessions", new { title });
        return await response.ReadAsync<ChatSession>(HttpStatusCode.Created);
    }

    public static async Task<ChatMessage> AddMessageAsync(this HttpClient http, ChatSession session, string content, string role = "user")
    {
        var response = await http.PostJsonAsync($"/users/{session.UserId}/sessions/{session.Id}/messages", new { role, content });
        return await response.ReadAsync<ChatMessage>(HttpStatusCode.Created);
    }

    public static string PathOf(ChatSession session) => $"/users/{session.UserId}/sessions/{session.Id}";
}
