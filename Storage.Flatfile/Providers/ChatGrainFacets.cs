namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// The state, log and files-collection names the chat grains use, each with its place in the layout
/// (GRAIN-LAYOUT table). Grain code passes these names to <c>[PersistentState]</c>,
/// <c>[PersistentLog]</c> and <c>IGrainFileStorage</c>.
/// </summary>
public static class ChatGrainFacets
{
    /// <summary>State of a user: <c>users/{u}/profile.json</c>.</summary>
    public const string ProfileState = "profile";

    /// <summary>State of a user: <c>users/{u}/.index/sessions.json</c>, the user's session index.</summary>
    public const string SessionsState = "sessions";

    /// <summary>
    /// Log of a user: <c>users/{u}/sessions.jsonl</c>, the session journal (a line per session create and removal; a
    /// create is durable once its line is, docs/STORAGE.md §6).
    /// </summary>
    public const string SessionJournalLog = "session_journal";

    /// <summary>State of a session: <c>users/{u}/{s}/session.json</c>.</summary>
    public const string SessionState = "session";

    /// <summary>State of a session: <c>users/{u}/{s}/situational_context.json</c>.</summary>
    public const string ContextState = "context";

    /// <summary>State of a session: <c>users/{u}/{s}/documents/metadata.json</c>; files collection of a session: <c>users/{u}/{s}/documents/{filename}</c>.</summary>
    public const string Documents = "documents";

    /// <summary>
    /// Files collection of a session: <c>users/{u}/{s}/documents/analysis/thumbnails/{filename}.png</c>, the thumbnails the
    /// multimodal module makes of image documents (docs/MULTIMODAL.md).
    /// </summary>
    public const string DocumentThumbnails = "document_thumbnails";

    /// <summary>Files collection of a session: <c>users/{u}/{s}/context_history/context_{timestamp}.json</c>.</summary>
    public const string ContextHistory = "context_history";

    /// <summary>Log of a session or a panel: <c>.../messages.jsonl</c>.</summary>
    public const string MessagesLog = "messages";

    /// <summary>Log of a session: <c>users/{u}/{s}/edits.jsonl</c>, the edits, deletions and redactions of its messages.</summary>
    public const string EditsLog = "edits";

    /// <summary>Log of a session or a panel: <c>.../events.jsonl</c>, every event it published, numbered for replay.</summary>
    public const string EventsLog = "events";

    /// <summary>State of a panel: <c>panel_sessions/{p}/panel.json</c>.</summary>
    public const string PanelState = "panel";

    /// <summary>Log of a panel grain: the ids of its multi-agent runs, a line each, <c>runs.jsonl</c>.</summary>
    public const string PanelRunsLog = "runs";

    /// <summary>State of a panel run grain: the run record, <c>runs/{run_id}.json</c>.</summary>
    public const string PanelRunState = "run";

    /// <summary>Log of a panel run grain: its trace, <c>runs/{run_id}.trace.jsonl</c>.</summary>
    public const string PanelTraceLog = "trace";

    /// <summary>Files collection of a panel: <c>panel_sessions/{p}/insights/insight_{timestamp}.json</c>.</summary>
    public const string Insights = "insights";

    /// <summary>Files collection of a panel (<c>panel_sessions/{p}/personas/{id}.json</c>) and of the persona catalog.</summary>
    public const string Personas = "personas";

    /// <summary>State of a persona: <c>personas_global/{id}.json</c> or <c>users/{u}/personas/{id}.json</c>.</summary>
    public const string PersonaState = "persona";

    /// <summary>
    /// State of a persona catalog, the ids it was told about: <c>users/{u}/.index/personas.json</c> or
    /// <c>personas_global/.index/personas.json</c>.
    /// </summary>
    public const string CatalogIndexState = "index";

    /// <summary>Files collection of a persona: <c>.../personas/versions/{id}/v{n}.json</c>.</summary>
    public const string Versions = "versions";

    /// <summary>Files of the search grain: its index segments, under <c>users/{u}/.index/search/</c>.</summary>
    public const string SearchIndex = "index";

    /// <summary>State of a user's memory grain: <c>users/{u}/memory/memories.json</c>, the compacted snapshot.</summary>
    public const string MemoriesState = "memories";

    /// <summary>Log of a user's memory grain: <c>users/{u}/memory/changes.jsonl</c>, every change with its source.</summary>
    public const string MemoryChangesLog = "changes";

    /// <summary>State of a user's knowledge grain: <c>users/{u}/knowledge/documents.json</c>, the documents and their status.</summary>
    public const string KnowledgeDocumentsState = "documents";

    /// <summary>Files of a user's knowledge grain: <c>users/{u}/knowledge/files/{filename}</c>, the bytes as uploaded.</summary>
    public const string KnowledgeFiles = "files";

    /// <summary>Files of a user's knowledge grain: <c>users/{u}/knowledge/text/{filename}.json</c>, the extracted text.</summary>
    public const string KnowledgeText = "text";

    /// <summary>Files of a user's knowledge grain: <c>users/{u}/knowledge/chunks/{filename}.jsonl</c>, one chunk a line.</summary>
    public const string KnowledgeChunks = "chunks";
}
