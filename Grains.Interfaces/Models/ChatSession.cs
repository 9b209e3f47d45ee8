using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>A chat session's metadata (docs/STORAGE.md §3), stored as <c>session.json</c>.</summary>
/// <param name="Id">Session id, <c>chat_session_YYYYMMDD_HHMMSS_ffffff</c> (UTC).</param>
/// <param name="UserId">The owner.</param>
/// <param name="Title">Human-readable title.</param>
/// <param name="CreatedAt">Creation time, UTC.</param>
/// <param name="UpdatedAt">Last change of the session or its messages, UTC.</param>
/// <param name="Metadata">Session configuration and application data.</param>
[Immutable]
public sealed record ChatSession(
    string Id,
    string UserId,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Dictionary<string, JsonElement> Metadata)
{
    /// <summary>Set on a fork: the session it was copied from and up to which seq. Absent otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ForkLink? ForkedFrom { get; init; }

    /// <summary>The forks made of this session (a redaction here redacts the same seq in each fork that holds it). Absent when none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ForkLink>? Forks { get; init; }
}
