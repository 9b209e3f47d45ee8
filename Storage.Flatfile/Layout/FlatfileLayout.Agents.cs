using ChatDb.Storage.Keys;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>
/// Agents, their versions, runs and traces (docs/STORAGE.md, "Agents"): a user's under <c>users/{user_id}/agents/</c>,
/// global ones under <c>agents_global/</c>. Agent ids are file stems (<c>{id}.json</c>) and directory names only inside
/// the fixed subdirectories <c>versions/</c> and <c>runs/</c>, so no id collides with them or with <c>catalog/</c>.
/// </summary>
public sealed partial class FlatfileLayout
{
    /// <summary>A user's agents: <c>users/{user_id}/agents/</c>.</summary>
    public const string AgentsDirectoryName = "agents";

    /// <summary>The global agents, beside the global personas: <c>agents_global/</c>.</summary>
    public const string GlobalAgentsDirectoryName = "agents_global";

    /// <summary>Inside an agents directory: <c>versions/{agent_id}/v{n}.json</c>.</summary>
    public const string AgentVersionsDirectoryName = "versions";

    /// <summary>Inside an agents directory: <c>runs/{agent_id}.jsonl</c> (run ids) and <c>runs/{agent_id}/</c> (records, traces).</summary>
    public const string AgentRunsDirectoryName = "runs";

    /// <summary>
    /// Inside a user's agents directory: <c>global_runs/{agent_id}.jsonl</c> (the ids of the user's runs of the global agent)
    /// and <c>global_runs/{agent_id}/</c> (their records and traces). Apart from <c>runs/</c>, so a user's own agent and a
    /// global agent of the same id never share a file.
    /// </summary>
    public const string GlobalAgentRunsDirectoryName = "global_runs";

    /// <summary>Inside an agents directory: <c>catalog/agents.json</c>, the agent ids of the scope.</summary>
    public const string AgentCatalogDirectoryName = "catalog";

    /// <summary>The file of <see cref="AgentCatalogDirectoryName"/> that lists the agent ids.</summary>
    public const string AgentCatalogFileName = "agents.json";

    /// <summary>The suffix of a run's trace beside its record: <c>{run_id}.trace.jsonl</c>.</summary>
    public const string AgentTraceSuffix = ".trace.jsonl";

    /// <summary><c>users/{user_id}/agents/</c>, or <c>agents_global/</c> when <paramref name="userId"/> is null.</summary>
    public string AgentsDirectory(string? userId) =>
        userId is null ? Under(GlobalAgentsDirectoryName) : Under(_options.UserDataDirectoryName, UserId(userId), AgentsDirectoryName);

    /// <summary><c>.../agents/{agent_id}.json</c>: the latest version.</summary>
    public string AgentFile(string? userId, string agentId) =>
        Path.Join(AgentsDirectory(userId), ChatGrainKeys.AgentId(agentId) + ".json");

    /// <summary><c>.../agents/versions/{agent_id}/</c></summary>
    public string AgentVersionsDirectory(string? userId, string agentId) =>
        Path.Join(AgentsDirectory(userId), AgentVersionsDirectoryName, ChatGrainKeys.AgentId(agentId));

    /// <summary><c>.../agents/runs/{agent_id}.jsonl</c>: the agent's run ids, a log line each, oldest first (<see cref="RunLists"/>).</summary>
    public string AgentRunListFile(string? userId, string agentId) =>
        Path.Join(AgentsDirectory(userId), AgentRunsDirectoryName, ChatGrainKeys.AgentId(agentId) + RunLists.LogExtension);

    /// <summary>
    /// <c>users/{user_id}/agents/runs/{agent_id}/</c>, or <c>users/{user_id}/agents/global_runs/{agent_id}/</c> for the
    /// user's runs of the global agent when <paramref name="globalAgent"/>.
    /// </summary>
    public string AgentRunsDirectory(string userId, string agentId, bool globalAgent = false) =>
        Path.Join(AgentsDirectory(userId), globalAgent ? GlobalAgentRunsDirectoryName : AgentRunsDirectoryName, ChatGrainKeys.AgentId(agentId));

    /// <summary><c>.../runs/{agent_id}/{run_id}.json</c> (or under <c>global_runs/</c>, see <see cref="AgentRunsDirectory"/>)</summary>
    public string AgentRunFile(string userId, string agentId, string runId, bool globalAgent = false) =>
        Path.Join(AgentRunsDirectory(userId, agentId, globalAgent), ChatGrainKeys.RunId(runId) + ".json");

    /// <summary><c>.../runs/{agent_id}/{run_id}.trace.jsonl</c> (or under <c>global_runs/</c>)</summary>
    public string AgentTraceFile(string userId, string agentId, string runId, bool globalAgent = false) =>
        Path.Join(AgentRunsDirectory(userId, agentId, globalAgent), ChatGrainKeys.RunId(runId) + AgentTraceSuffix);

    /// <summary>
    /// <c>users/{user_id}/agents/global_runs/{agent_id}.jsonl</c>: the ids of the user's runs of the global agent, a log
    /// line each, oldest first (<see cref="RunLists"/>).
    /// </summary>
    public string GlobalAgentRunListFile(string userId, string agentId) =>
        Path.Join(AgentsDirectory(userId), GlobalAgentRunsDirectoryName, ChatGrainKeys.AgentId(agentId) + RunLists.LogExtension);

    /// <summary><c>.../agents/catalog/agents.json</c></summary>
    public string AgentCatalogFile(string? userId) => Path.Join(AgentsDirectory(userId), AgentCatalogDirectoryName, AgentCatalogFileName);
}
