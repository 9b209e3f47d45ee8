namespace ChatDb.Grains.Agents;

/// <summary>The agent ids of a scope (state <c>index</c> of the agent catalog grain).</summary>
public sealed class AgentCatalogIndex
{
    public List<string> AgentIds { get; set; } = [];

    /// <summary>A user's catalog only: the global agents the user has runs of (their lists are <c>global_runs/{id}.jsonl</c>).</summary>
    public List<string> GlobalAgentRunIds { get; set; } = [];
}
