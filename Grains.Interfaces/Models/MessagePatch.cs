using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// An edit of a stored message. Null fields stay as they are. <see cref="Metadata"/> is merged key by key; a
/// key whose value is JSON <c>null</c> is removed (as in <see cref="SessionPatch"/>). At least one field must be given.
/// </summary>
[Immutable]
public sealed record MessagePatch
{
    public string? Content { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; init; }
}
