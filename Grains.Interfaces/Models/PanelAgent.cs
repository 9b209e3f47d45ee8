using System.Text.Json.Serialization;
using Orleans;

namespace ChatDb.Grains.Models;

/// <summary>
/// A user's agent taking part in a panel. It speaks in the panel's log with the role <see cref="Role"/>
/// (<c>{userId}/{agentId}</c>), which no persona id can equal (persona ids hold no <c>/</c>).
/// </summary>
[Immutable]
public sealed record PanelAgent(string UserId, string AgentId)
{
    /// <summary>The role of the agent's messages in the panel: <c>{userId}/{agentId}</c>.</summary>
    [JsonIgnore]
    public string Role => $"{UserId}/{AgentId}";

    /// <summary>Reads a role <c>{userId}/{agentId}</c>; null when <paramref name="role"/> does not have that form.</summary>
    public static PanelAgent? FromRole(string? role)
    {
        var slash = role?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash <= 0 || slash == role!.Length - 1 || role.IndexOf('/', slash + 1) >= 0
            ? null
            : new PanelAgent(role[..slash], role[(slash + 1)..]);
    }
}
