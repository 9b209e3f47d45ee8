using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Changes to a session's metadata. Null fields stay as they are. <see cref="Metadata"/> is merged
/// key by key; a key whose value is JSON <c>null</c> is removed.
/// </summary>
[Immutable]
public sealed record SessionPatch
{
    public string? Title { get; init; }

    public Dictionary<string, JsonElement>? Metadata { get; init; }
}
