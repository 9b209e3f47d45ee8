using ChatDb.Grains.Agents;
using ChatDb.Grains.Panels;

namespace ChatDb.Grains.Modules;

/// <summary>
/// trace_logger: reading the step-by-step traces of agent and panel runs (stored and live). The runs keep writing their
/// traces while it is off (a run's record must stay auditable); only the trace routes close. Its code lives with the runs
/// (agent and panel trace streams), so the descriptor sits here rather than in one of their namespaces.
/// </summary>
public static class TraceLoggerModule
{
    public static ChatModule Descriptor { get; } = new(ChatModuleNames.TraceLogger, "1.0.0",
        "Run traces for debugging and audit: the stored trace of every agent and panel run, and its live event stream.")
    {
        Routes =
        [
            "/users/{userId}/agents/{agentId}/runs/{runId}/trace",
            "/users/{userId}/agents/{agentId}/runs/{runId}/events",
            "/users/{userId}/global-agents/{agentId}/runs/{runId}/trace",
            "/users/{userId}/global-agents/{agentId}/runs/{runId}/events",
            "/panels/{panelId}/runs/{runId}/trace",
            "/panels/{panelId}/runs/{runId}/events",
        ],
        DataDirectories = ["users/{user_id}/agents/runs/{agent_id}/{run_id}.trace.jsonl", "panel_sessions/{panel}/runs/{run_id}.trace.jsonl"],
        Services = [typeof(AgentTraceStreams), typeof(PanelRunStreams)],
    };
}
