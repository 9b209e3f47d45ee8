namespace ChatDb.Silo.Api.Endpoints;

/// <summary>
/// Endpoint metadata marking the <c>/users/{userId}/global-agents/{agentId}/runs...</c> routes: the same handlers as a
/// user's own agent's runs, told by this marker to run the global agent (docs/AGENTS.md, "Runs of global agents").
/// </summary>
internal sealed class GlobalAgentRunRoute
{
    public static readonly GlobalAgentRunRoute Instance = new();

    private GlobalAgentRunRoute()
    {
    }

    /// <summary>True when the request came in on a global-agent run route.</summary>
    public static bool Is(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<GlobalAgentRunRoute>() is not null;

    /// <summary>An operation name of the user's agent routes turned into its global-agent twin: <c>RunAgent</c> → <c>RunGlobalAgent</c>.</summary>
    public static string Name(string name, bool global) => global ? name.Replace("Agent", "GlobalAgent", StringComparison.Ordinal) : name;
}
