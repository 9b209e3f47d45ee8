using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>A user's profile and preferences, stored as <c>users/{user_id}/profile.json</c>.</summary>
/// <param name="UserId">The user id (also the directory name).</param>
/// <param name="DisplayName">Name to show, when the application sets one.</param>
/// <param name="CreatedAt">Creation time, UTC.</param>
/// <param name="UpdatedAt">Last profile change, UTC.</param>
/// <param name="Preferences">User preferences.</param>
/// <param name="Data">Other profile data the application keeps, as one object.</param>
[Immutable]
public sealed record UserProfile(
    string UserId,
    string? DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Dictionary<string, JsonElement> Preferences,
    Dictionary<string, JsonElement> Data)
{
    /// <summary>
    /// The profile's other top-level fields (a profile is a free-form object): whatever the application
    /// sent besides the named ones, written and returned beside them. A setter, not <c>init</c>: the JSON
    /// source generator binds init-only properties through the constructor, where extension data cannot go.
    /// Only the user grain sets it, on a copy it owns.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; set; }
}
