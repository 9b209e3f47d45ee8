namespace ChatDb.Grains.Agents.Tools;

/// <summary>Who a tool acts for: the agent's owner, on the run's session. A tool never reaches another user's data.</summary>
/// <param name="UserId">The agent's owner; every id a tool is given is resolved under this user.</param>
/// <param name="SessionId">The run's session.</param>
/// <param name="RunId">The run.</param>
public sealed record AgentToolContext(string UserId, string SessionId, string RunId);
