namespace ChatDb.Grains.Agents.Tools;

/// <summary>Who a tool acts for: the agent's owner, on the run's session. A tool never reaches another user's data.</summary>
/// <param name="UserId">The agent's owner; every id a tool is given is resolved under this user.</param>
/// <param name="SessionId">The run's session; null when the agent speaks in a panel run, which has none.</param>
/// <param name="RunId">The run (an agent run's or a panel run's id).</param>
public sealed record AgentToolContext(string UserId, string? SessionId, string RunId);
