using System.Text.Json;

namespace ChatDb.Silo.Api.Contracts;

/// <summary>Body of <c>POST /users/{userId}/sessions</c>; both fields optional, and so is the body.</summary>
public sealed record CreateSessionRequest(string? Title, Dictionary<string, JsonElement>? Metadata);
