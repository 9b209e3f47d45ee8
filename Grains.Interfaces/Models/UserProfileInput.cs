using System.Text.Json;

namespace ChatDb.Grains.Models;

/// <summary>A whole profile as the caller gives it (create or replace); times are set by the grain.</summary>
public sealed record UserProfileInput
{
    public string? DisplayName { get; init; }

    public Dictionary<string, JsonElement>? Preferences { get; init; }

    public Dictionary<string, JsonElement>? Data { get; init; }
}
