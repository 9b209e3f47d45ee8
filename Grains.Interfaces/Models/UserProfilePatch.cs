using System.Text.Json;

namespace ChatDb.Grains.Models;

/// <summary>
/// Changes to an existing profile. Null fields stay as they are; <see cref="Preferences"/> and
/// <see cref="Data"/> are merged key by key, and a key whose value is JSON <c>null</c> is removed.
/// </summary>
public sealed record UserProfilePatch
{
    public string? DisplayName { get; init; }

    public Dictionary<string, JsonElement>? Preferences { get; init; }

    public Dictionary<string, JsonElement>? Data { get; init; }
}
