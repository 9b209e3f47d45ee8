using System.Text.Json;

namespace ChatDb.Client;

/// <summary>The body of <c>POST /users/{userId}/sessions</c>.</summary>
internal sealed record CreateSessionBody(string? Title, Dictionary<string, JsonElement>? Metadata);
