namespace ChatDb.Grains.Events;

/// <summary>The <c>kind</c> of every chat event, as it appears in JSON (stable: consumers switch on it).</summary>
public static class ChatEventKinds
{
    public const string SessionCreated = "session_created";
    public const string SessionUpdated = "session_updated";
    public const string SessionDeleted = "session_deleted";
    public const string SessionRestored = "session_restored";
    public const string MessageAdded = "message_added";
    public const string MessageEdited = "message_edited";
    public const string MessageDeleted = "message_deleted";
    public const string SessionForked = "session_forked";
    public const string DocumentSaved = "document_saved";
    public const string DocumentAnalysisUpdated = "document_analysis_updated";
    public const string ContextUpdated = "context_updated";
    public const string ContextSnapshotSaved = "context_snapshot_saved";
    public const string PanelCreated = "panel_created";
    public const string PanelMessageAdded = "panel_message_added";
    public const string InsightSaved = "insight_saved";
    public const string PanelUpdated = "panel_updated";
    public const string PanelDeleted = "panel_deleted";
    public const string PanelRestored = "panel_restored";
    public const string MemoryChanged = "memory_changed";
}
