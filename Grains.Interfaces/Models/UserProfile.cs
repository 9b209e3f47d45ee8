using System.Text.Json;

namespace ChatDb.Grains.Models;

/// <summary>A user's profile and preferences, stored as <c>users/{user_id}/profile.json</c>.</summary>
/// <param name="UserId">The user id (also the directory name).</param>
/// <param name="DisplayName">Name to show, when the application sets one.</param>
/// <param name="CreatedAt">Creation time, UTC.</param>
/// <param name="UpdatedAt">Last profile change, UTC.</param>
/// <param name="Preferences">User preferences.</param>
/// <param name="Data">Other profile data the application keeps.</param>
public sealed record UserProfile(
    string UserId,
    string? DisplayName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    Dictionary<string, JsonElement> Preferences,
    Dictionary<string, JsonElement> Data);
