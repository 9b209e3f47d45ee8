namespace ChatDb.Grains.Agents;

/// <summary>The run ids of an agent, oldest first (state <c>runs</c> of the agent grain).</summary>
public sealed class AgentRunIndex
{
    public List<string> RunIds { get; set; } = [];
}

/// <summary>The agent ids of a scope (state <c>index</c> of the agent catalog grain).</summary>
public sealed class AgentCatalogIndex
{
    public List<string> AgentIds { get; set; } = [];

    /// <summary>A user's catalog only: the global agents the user has runs of (their lists are <c>global_runs/{id}.json</c>).</summary>
    public List<string> GlobalAgentRunIds { get; set; } = [];
}
