using ChatDb.Grains.Models;
using ChatDb.Grains.Search;
using ChatDb.Silo.Api.Contracts;
using ChatDb.Silo.Health;

namespace ChatDb.Silo.Api.OpenApi;

/// <summary>
/// One example per wire type, as the silo writes it or a client sends it; request examples are what the
/// contract test (tests/Api.Tests) sends, so each must work against a live silo, and every example must
/// validate against its own schema. The ids are those of <see cref="ApiPathParameters"/>.
/// </summary>
internal static class ApiSchemaExamples
{
    private const string Message = """
        {"id": "msg_5f0c2a9e4b7d4e1f8a6b3c2d1e0f9a8b", "seq": 1, "role": "user", "content": "Hello! Can you help me plan a trip to Paris?",
         "timestamp": "2026-01-31T12:00:00.000000+00:00", "attachments": [], "metadata": {"source": "web"}}
        """;

    private const string Context = """
        {"summary": "Planning a three-day trip to Paris in May", "keyPoints": ["three days", "in May"],
         "entities": {"places": ["Paris"]}, "timestamp": "2026-01-31T12:00:00+00:00", "confidence": 0.8}
        """;

    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(ChatMessage)] = Message,
        [typeof(ChatDb.Grains.Events.ChatEventPage)] = $$"""
            {"events": [{"kind": "message_added", "userId": "alice", "sessionId": "{{ApiPathParameters.SessionIdExample}}",
             "timestamp": "2026-01-31T12:00:00.000000+00:00", "message": {{Message}}, "eventSeq": 2}], "next": 2, "lastEventSeq": 2}
            """,
        [typeof(NewMessage)] = """{"role": "user", "content": "Hello! Can you help me plan a trip to Paris?", "metadata": {"source": "web"}}""",
        [typeof(NewMessageBatch)] = """
            {"messages": [{"role": "user", "content": "What should I see in Paris?"},
                          {"role": "assistant", "content": "The Louvre, the Marais and a walk along the Seine."}]}
            """,
        [typeof(MessagePatch)] = """{"content": "Hello! Can you help me plan a trip to Paris in May?", "metadata": {"source": "web"}}""",
        [typeof(ForkRequest)] = """{"title": "Trip to Paris by train"}""",
        [typeof(ChatSession)] = """
            {"id": "chat_session_20260131_120000_000000", "userId": "alice", "title": "Trip to Paris",
             "createdAt": "2026-01-31T12:00:00+00:00", "updatedAt": "2026-01-31T12:05:00+00:00", "metadata": {"channel": "web"}}
            """,
        [typeof(ClusterSilo)] = """
            {"address": "10.0.0.5:11111@123456789", "name": "chatdb-1", "hostName": "db-host-1", "status": "active",
             "startedAt": "2026-01-31T12:00:00+00:00", "lastAliveAt": "2026-01-31T12:05:00+00:00", "gatewayPort": 30000, "thisSilo": true}
            """,
        [typeof(CreateSessionRequest)] = """{"title": "Trip to Paris", "metadata": {"channel": "web"}}""",
        [typeof(SessionPatch)] = """{"title": "Trip to Paris in May", "metadata": {"channel": "mobile"}}""",
        [typeof(UserProfile)] = """
            {"userId": "alice", "displayName": "Alice", "createdAt": "2026-01-31T12:00:00+00:00",
             "updatedAt": "2026-01-31T12:00:00+00:00", "preferences": {"language": "en"}, "data": {}}
            """,
        [typeof(UserProfileInput)] = """{"displayName": "Alice", "preferences": {"language": "en"}, "data": {"plan": "free"}}""",
        [typeof(UserProfilePatch)] = """{"displayName": "Alice B."}""",
        [typeof(DocumentInfo)] = """
            {"filename": "notes.txt", "path": "users/alice/sessions/chat_session_20260131_120000_000000/documents/notes.txt",
             "mimeType": "text/plain", "size": 26, "uploadedAt": "2026-01-31T12:00:00+00:00", "analysis": {"language": "en"}}
            """,
        [typeof(SituationalContext)] = Context,
        [typeof(ContextRequest)] = """
            {"summary": "Planning a three-day trip to Paris in May", "keyPoints": ["three days", "in May"],
             "entities": {"places": ["Paris"]}, "confidence": 0.8}
            """,
        [typeof(ContextSnapshot)] = $$"""{"id": "context_20260131_120000_000000", "context": {{Context}}}""",
        [typeof(RollingSummaryResult)] = """
            {"summarized": true, "throughSeq": 40, "messages": 38, "context": {"summary": "Messages 1–40: user: Can you help me plan a trip to Paris? assistant: Gladly.",
             "keyPoints": ["Can you help me plan a trip to Paris?"], "entities": {}, "timestamp": "2026-01-31T12:10:00+00:00", "confidence": 0.5,
             "summarizedThroughSeq": 40}}
            """,
        [typeof(Panel)] = """
            {"id": "panel_20260131_120000_000000", "type": "multi_persona", "personas": ["tutor"],
             "createdAt": "2026-01-31T12:00:00+00:00", "config": {"rounds": 3}}
            """,
        [typeof(PanelPatch)] = """{"config": {"rounds": 4}, "addPersonas": ["critic"], "addAgents": [{"userId": "alice", "agentId": "planner"}], "removeAgents": [{"userId": "alice", "agentId": "critic"}]}""",
        [typeof(PanelAnalytics)] = """
            {"panelId": "panel_20260131_120000_000000", "messages": 3, "messagesByRole": {"tutor": 2, "user": 1}, "turns": 3,
             "firstActivity": "2026-01-31T12:00:00+00:00", "lastActivity": "2026-01-31T12:05:00+00:00", "insights": 1}
            """,
        [typeof(CreatePanelRequest)] = """{"type": "multi_persona", "personas": ["tutor"], "config": {"rounds": 3}}""",
        [typeof(PanelInsight)] = """
            {"id": "insight_20260131_120000_000000", "panelId": "panel_20260131_120000_000000",
             "createdAt": "2026-01-31T12:00:00+00:00", "data": {"topic": "pricing"}}
            """,
        [typeof(Persona)] = """
            {"id": "tutor", "userId": null, "version": 1, "data": {"name": "Tutor", "style": "patient"}, "updatedAt": "2026-01-31T12:00:00+00:00"}
            """,
        [typeof(SharePersonaRequest)] = """{"toUserId": "bob", "asPersonaId": "tutor"}""",
        [typeof(PublishPersonaRequest)] = """{"asPersonaId": "tutor-published"}""",
        [typeof(PersonaVersionInfo)] = """{"version": 1, "sizeBytes": 42, "storedAt": "2026-01-31T12:00:00+00:00"}""",
        [typeof(SearchHit)] = $$"""{"sessionId": "chat_session_20260131_120000_000000", "message": {{Message}}, "score": 1.25, "snippet": "can you help me plan a trip to [Paris]?"}""",
        [typeof(SessionDeletionReport)] = """
            {"userId": "alice", "sessionId": "chat_session_20260131_120000_000000", "messages": 12, "documents": 1, "contextSnapshots": 2, "filesRemoved": 6}
            """,
        [typeof(UserDeletionReport)] = """
            {"userId": "alice", "profileDeleted": true, "sessions": 2, "messages": 24, "documents": 1, "personas": 1, "filesRemoved": 15}
            """,
        [typeof(HealthEndpoints.HealthStatus)] = """{"status": "ready", "modules": {"text_chat": "healthy", "memory": "healthy"}}""",
        [typeof(ChatDb.Silo.Modules.ModuleInfo)] = """
            {"name": "memory", "enabled": true, "version": "1.0.0", "health": "healthy",
             "description": "Long-term memories per user: add, recall, extract from sessions; agents recall them into prompts.",
             "routes": ["/users/{userId}/memories"], "dataDirectories": ["users/{user_id}/memory/"]}
            """,
        [typeof(ChatDb.Storage.Flatfile.Audit.AuditEntry)] = """
            {"at": "2026-01-31T12:00:00+00:00", "actor": "key:ops", "action": "delete", "operation": "DeleteSession", "method": "DELETE",
             "path": "/users/alice/sessions/chat_session_20260131_120000_000000", "ids": {"userId": "alice", "sessionId": "chat_session_20260131_120000_000000"},
             "status": 200, "outcome": "ok", "details": null, "silo": "silo-127.0.0.1-11111"}
            """,
    };

    public static string? For(Type type) => Examples.GetValueOrDefault(type) ?? AgentSchemaExamples.For(type) ?? MemorySchemaExamples.For(type)
        ?? KnowledgeSchemaExamples.For(type);
}
