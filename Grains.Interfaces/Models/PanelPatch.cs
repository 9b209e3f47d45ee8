using System.Text.Json;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// Changes to a panel. Null fields stay as they are. <see cref="Config"/> is merged key by key; a key whose value
/// is JSON <c>null</c> is removed. <see cref="AddPersonas"/> adds personas not yet in the panel (one already in it
/// is left as it is); <see cref="RemovePersonas"/> takes personas out (one not in it is ignored), and their past
/// messages stay. <see cref="AddAgents"/> and <see cref="RemoveAgents"/> do the same for the user agents taking part in
/// the panel's runs (an added agent must exist). A panel keeps at least one persona or agent, and its personas and agents
/// together stay within <c>Storage:PanelMaxPersonas</c>.
/// </summary>
[Immutable]
public sealed record PanelPatch
{
    public Dictionary<string, JsonElement>? Config { get; init; }

    public IReadOnlyList<string>? AddPersonas { get; init; }

    public IReadOnlyList<string>? RemovePersonas { get; init; }

    /// <summary>User agents to add, <c>{userId, agentId}</c>; each must exist. Runs started after the change see them.</summary>
    public IReadOnlyList<PanelAgent>? AddAgents { get; init; }

    /// <summary>User agents to take out; their past messages stay, and a run already running keeps its agents.</summary>
    public IReadOnlyList<PanelAgent>? RemoveAgents { get; init; }
}
