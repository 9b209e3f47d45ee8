namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>
/// The <c>kind</c> of each line of an export (docs/OPERATIONS.md §2), which is also what the
/// <see cref="IRecordSchema"/> is asked to check a file against.
/// </summary>
public enum RecordKind
{
    /// <summary><c>users/{u}/profile.json</c>: UserProfile.</summary>
    User,

    /// <summary><c>session.json</c>: ChatSession.</summary>
    Session,

    /// <summary>One line of a session's <c>messages.jsonl</c>: ChatMessage.</summary>
    Message,

    /// <summary><c>situational_context.json</c>: SituationalContext.</summary>
    Context,

    /// <summary><c>context_history/context_*.json</c>: SituationalContext.</summary>
    ContextSnapshot,

    /// <summary><c>documents/metadata.json</c>: map of filename to DocumentInfo.</summary>
    DocumentMetadata,

    /// <summary>An uploaded file, as bytes.</summary>
    Document,

    /// <summary><c>panel.json</c>: Panel.</summary>
    Panel,

    /// <summary>One line of a panel's <c>messages.jsonl</c>: ChatMessage.</summary>
    PanelMessage,

    /// <summary><c>panel_sessions/{p}/personas/{id}.json</c>: Persona snapshot.</summary>
    PanelPersona,

    /// <summary><c>insights/insight_*.json</c>: PanelInsight.</summary>
    Insight,

    /// <summary><c>{id}.json</c> of a user's or the global personas: Persona.</summary>
    Persona,

    /// <summary><c>versions/{id}/v{n}.json</c>: Persona.</summary>
    PersonaVersion,

    /// <summary><c>system/config.json</c>: any JSON object.</summary>
    SystemConfig,

    /// <summary>One line of a session's <c>edits.jsonl</c>: MessageEdit (an edit, deletion or redaction naming its target seq).</summary>
    MessageEdit,

    /// <summary>One line of a session's <c>events.jsonl</c>: ChatEventRecord (an event whole, or a reference to a message by seq).</summary>
    SessionEvent,

    /// <summary>One line of a panel's <c>events.jsonl</c>: ChatEventRecord.</summary>
    PanelEvent,

    /// <summary>Any other file kept verbatim (document analysis results, module data), as bytes.</summary>
    File,
}

/// <summary>The spelling of <see cref="RecordKind"/> in an export.</summary>
public static class RecordKinds
{
    private static readonly Dictionary<RecordKind, string> Names = new()
    {
        [RecordKind.User] = "user",
        [RecordKind.Session] = "session",
        [RecordKind.Message] = "message",
        [RecordKind.Context] = "context",
        [RecordKind.ContextSnapshot] = "context_snapshot",
        [RecordKind.DocumentMetadata] = "document_metadata",
        [RecordKind.Document] = "document",
        [RecordKind.Panel] = "panel",
        [RecordKind.PanelMessage] = "panel_message",
        [RecordKind.PanelPersona] = "panel_persona",
        [RecordKind.Insight] = "insight",
        [RecordKind.Persona] = "persona",
        [RecordKind.PersonaVersion] = "persona_version",
        [RecordKind.SystemConfig] = "system_config",
        [RecordKind.File] = "file",
        [RecordKind.MessageEdit] = "message_edit",
        [RecordKind.SessionEvent] = "session_event",
        [RecordKind.PanelEvent] = "panel_event",
    };

    private static readonly Dictionary<string, RecordKind> ByName =
        Names.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The first line of every export.</summary>
    public const string Header = "header";

    /// <summary>The last line of every export; an export without it was cut short and is refused.</summary>
    public const string End = "end";

    public static string Name(RecordKind kind) => Names[kind];

    public static bool TryParse(string name, out RecordKind kind) => ByName.TryGetValue(name, out kind);

    public static IEnumerable<RecordKind> All => Names.Keys;
}
