using ChatDb.Grains.Models;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>The examples of the agent wire types (docs/AGENTS.md); the request examples run against a live silo.</summary>
internal static class AgentSchemaExamples
{
    private const string AssistantMessage = """
        {"id": "msg_0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a", "seq": 2, "role": "assistant", "content": "You said: What should I see in Paris?",
         "timestamp": "2026-01-31T12:00:01.000000+00:00", "attachments": [], "metadata": {"agent_id": "planner", "run_id": "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b"},
         "parts": [{"type": "text", "text": "You said: What should I see in Paris?"}], "tokens": 14}
        """;

    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(AgentDefinition)] = """
            {"name": "Trip planner", "description": "Plans city trips", "instructions": "You plan short city trips. Answer briefly.",
             "model": "offline", "modelOptions": {"temperature": 0.2, "maxOutputTokens": 400}, "tools": ["current_time"], "historyTokens": 2000,
             "memory": {"recall": 5, "extract": true}, "knowledge": {"retrieve": 3, "scope": "user"}}
            """,
        [typeof(AgentModelOptions)] = """{"temperature": 0.2, "maxOutputTokens": 400}""",
        [typeof(AgentMemorySettings)] = """{"recall": 5, "extract": true}""",
        [typeof(AgentKnowledgeSettings)] = """{"retrieve": 3, "scope": "user"}""",
        [typeof(AgentRetrievedChunk)] = """{"filename": "refund-policy.md", "position": 1, "score": 0.0325, "inPrompt": true}""",
        [typeof(AgentRecalledMemory)] = """{"id": "mem_3f2a9c1d4b5e6f708192a3b4c5d6e7f8", "score": 0.0163, "inPrompt": true}""",
        [typeof(Agent)] = """
            {"id": "planner", "userId": "alice", "version": 1, "name": "Trip planner", "description": "Plans city trips",
             "instructions": "You plan short city trips. Answer briefly.", "persona": null, "model": "offline",
             "modelOptions": {"temperature": 0.2, "maxOutputTokens": 400}, "tools": ["current_time"], "historyTokens": 2000,
             "updatedAt": "2026-01-31T12:00:00+00:00", "approvalRequired": [], "memory": {"recall": 5, "extract": true},
             "knowledge": {"retrieve": 3, "scope": "user"}}
            """,
        [typeof(AgentVersionInfo)] = """{"version": 1, "sizeBytes": 420, "storedAt": "2026-01-31T12:00:00+00:00"}""",
        [typeof(AgentRunRequest)] = """
            {"sessionId": "chat_session_20260131_120000_000000", "input": "What should I see in Paris?", "messageId": "trip-question-1",
             "wait": true, "stream": false}
            """,
        [typeof(AgentApprovalDecision)] = """{"callId": "call_1", "approved": true, "reason": "fine to read"}""",
        [typeof(AgentPendingApproval)] = """
            {"callId": "call_1", "tool": "read_document", "arguments": {"documentId": "notes.txt"},
             "requestedAt": "2026-01-31T12:00:00+00:00", "expiresAt": "2026-01-31T12:05:00+00:00"}
            """,
        [typeof(AgentRunUsage)] = """{"inputTokens": 40, "outputTokens": 14}""",
        [typeof(AgentToolCall)] = """{"callId": "call_1", "name": "current_time", "outcome": "ok", "durationMs": 0.2}""",
        [typeof(AgentRun)] = $$"""
            {"id": "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b", "userId": "alice", "agentId": "planner", "agentVersion": 1,
             "sessionId": "chat_session_20260131_120000_000000", "status": "succeeded", "stopReason": "completed", "model": "offline",
             "inputSeq": 1, "outputSeq": 2, "message": {{AssistantMessage}}, "usage": {"inputTokens": 40, "outputTokens": 14}, "toolCalls": [],
             "startedAt": "2026-01-31T12:00:00+00:00", "finishedAt": "2026-01-31T12:00:01+00:00", "latencyMs": 1000, "error": null}
            """,
        [typeof(AgentTraceEvent)] = """
            {"seq": 4, "runId": "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b", "agentId": "planner", "kind": "model_called",
             "at": "2026-01-31T12:00:00.500000+00:00", "model": "offline", "inputTokens": 40, "outputTokens": 14, "durationMs": 0.4, "finishReason": "stop"}
            """,
        [typeof(AgentRunUpdate)] = """{"kind": "delta", "text": "You said: "}""",
        [typeof(PanelAgent)] = """{"userId": "alice", "agentId": "planner"}""",
        [typeof(PanelRunRequest)] = """
            {"input": "Where should the team offsite be?", "strategy": "router", "routerModel": "offline", "maxTurns": 4, "stopPhrase": "we agree",
             "tokenBudget": 20000, "messageId": "offsite-question-1", "wait": true, "stream": false}
            """,
        [typeof(PanelRunTurn)] = """{"seq": 2, "role": "alice/planner", "agent": "planner", "reason": "round robin: the first agent opens"}""",
        [typeof(PanelRun)] = """
            {"id": "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b", "panelId": "panel_20260131_120000_000000", "status": "succeeded", "stopReason": "max_turns",
             "strategy": "round_robin", "input": "Where should the team offsite be?", "inputSeq": 1, "maxTurns": 2,
             "turns": [{"seq": 2, "role": "alice/planner", "agent": "planner", "reason": "round robin: the first agent opens"},
                       {"seq": 3, "role": "alice/critic", "agent": "critic", "reason": "round robin: next after alice/planner"}],
             "usage": {"inputTokens": 120, "outputTokens": 40}, "startedAt": "2026-01-31T12:00:00+00:00",
             "finishedAt": "2026-01-31T12:00:02+00:00", "latencyMs": 2000, "error": null}
            """,
        [typeof(PanelTraceEvent)] = """
            {"seq": 3, "runId": "run_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b", "panelId": "panel_20260131_120000_000000", "kind": "speaker_selected",
             "at": "2026-01-31T12:00:00.500000+00:00", "turn": 1, "speaker": "alice/planner", "reason": "round robin: the first agent opens"}
            """,
        [typeof(ModelInfo)] = """{"name": "offline", "provider": "offline", "kind": "chat", "model": "chatdb-offline-1", "isDefault": true, "timeoutSeconds": 60}""",
    };

    public static string? For(Type type) => Examples.GetValueOrDefault(type);
}
