using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// A persona definition: global (<c>personas_global/{id}.json</c>) when <see cref="UserId"/> is null,
/// else the user's own (<c>users/{user_id}/personas/{id}.json</c>). Earlier versions are kept as
/// <c>.../versions/{id}/v{n}.json</c>.
/// </summary>
/// <param name="Id">Persona id.</param>
/// <param name="UserId">Owner, or null for a global persona.</param>
/// <param name="Version">Version number, from 1, increased on every save.</param>
/// <param name="Data">The persona definition (name, instructions, traits, ...).</param>
/// <param name="UpdatedAt">Time of this version, UTC.</param>
[Immutable]
public sealed record Persona(
    string Id,
    string? UserId,
    int Version,
    Dictionary<string, JsonElement> Data,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Set on a persona made by sharing or publishing another: the original. Absent otherwise; kept by later saves.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PersonaOrigin? CopiedFrom { get; init; }

    /// <summary>In persona lists only: <c>user</c> (the user's own) or <c>global</c> (<see cref="PersonaScopes"/>). Never stored.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Scope { get; init; }
}
