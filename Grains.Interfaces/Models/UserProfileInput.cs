using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// A whole profile as the caller gives it (create or replace); times are set by the grain. A profile is a
/// free-form object: top-level fields besides the named ones are kept as they are.
/// </summary>
[Immutable]
public sealed record UserProfileInput
{
    public string? DisplayName { get; init; }

    public Dictionary<string, JsonElement>? Preferences { get; init; }

    public Dictionary<string, JsonElement>? Data { get; init; }

    /// <summary>Every other top-level field of the request, stored and returned at the top level of the profile.</summary>
    /// <remarks>A setter, not <c>init</c>: the JSON source generator cannot bind extension data through init.</remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Fields { get; set; }
}
