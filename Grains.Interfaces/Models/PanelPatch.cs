using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Changes to a panel. Null fields stay as they are. <see cref="Config"/> is merged key by key; a key whose value
/// is JSON <c>null</c> is removed. <see cref="AddPersonas"/> adds personas not yet in the panel (one already in it
/// is left as it is); <see cref="RemovePersonas"/> takes personas out (one not in it is ignored), and their past
/// messages stay. A panel keeps at least one persona.
/// </summary>
[Immutable]
public sealed record PanelPatch
{
    public Dictionary<string, JsonElement>? Config { get; init; }

    public IReadOnlyList<string>? AddPersonas { get; init; }

    public IReadOnlyList<string>? RemovePersonas { get; init; }
}
