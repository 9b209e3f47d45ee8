using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Changes to an existing profile. Null fields stay as they are; <see cref="Preferences"/> and
/// <see cref="Data"/> are merged key by key, and a key whose value is JSON <c>null</c> is removed; so are the
/// profile's other top-level fields (<see cref="Fields"/>).
/// </summary>
[Immutable]
public sealed record UserProfilePatch
{
    public string? DisplayName { get; init; }

    public Dictionary<string, JsonElement>? Preferences { get; init; }

    public Dictionary<string, JsonElement>? Data { get; init; }

    /// <summary>Other top-level fields to set (JSON <c>null</c> removes one).</summary>
    /// <remarks>A setter, not <c>init</c>: the JSON source generator cannot bind extension data through init.</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; set; }
}
