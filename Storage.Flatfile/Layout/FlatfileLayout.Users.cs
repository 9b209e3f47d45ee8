using ChatDb.Storage.Ids;

namespace ChatDb.Storage.Flatfile.Layout;

/// <summary>Users, their sessions and their personas: <c>{base}/users/{user_id}/...</c>.</summary>
public sealed partial class FlatfileLayout
{
    public string UsersDirectory => Under(_options.UserDataDirectoryName);

    /// <summary><c>users/{user_id}/</c></summary>
    public string UserDirectory(string userId) => Under(_options.UserDataDirectoryName, UserId(userId));

    /// <summary>The user's session journal (docs/STORAGE.md §6): one line per session create and removal.</summary>
    public const string SessionJournalFilename = "sessions.jsonl";

    /// <summary><c>users/{user_id}/sessions.jsonl</c></summary>
    public string UserSessionJournalFile(string userId) =>
        Under(_options.UserDataDirectoryName, UserId(userId), SessionJournalFilename);

    /// <summary><c>users/{user_id}/profile.json</c></summary>
    public string UserProfileFile(string userId) =>
        Under(_options.UserDataDirectoryName, UserId(userId), _options.UserProfileFilename);

    /// <summary><c>users/{user_id}/personas/</c></summary>
    public string UserPersonasDirectory(string userId) =>
        Under(_options.UserDataDirectoryName, UserId(userId), _options.PersonasDirectoryName);

    /// <summary><c>users/{user_id}/personas/{persona_id}.json</c></summary>
    public string UserPersonaFile(string userId, string personaId) =>
        Under(_options.UserDataDirectoryName, UserId(userId), _options.PersonasDirectoryName, PersonaFileName(personaId));

    /// <summary><c>users/{user_id}/personas/versions/{persona_id}/</c></summary>
    public string UserPersonaVersionsDirectory(string userId, string personaId) =>
        Under(_options.UserDataDirectoryName, UserId(userId), _options.PersonasDirectoryName,
            _options.PersonaVersionsDirectoryName, PersonaId(personaId));

    /// <summary><c>users/{user_id}/personas/versions/{persona_id}/v{n}.json</c></summary>
    public string UserPersonaVersionFile(string userId, string personaId, int version) =>
        Under(_options.UserDataDirectoryName, UserId(userId), _options.PersonasDirectoryName,
            _options.PersonaVersionsDirectoryName, PersonaId(personaId), VersionFileName(personaId, version));

    /// <summary><c>users/{user_id}/{session_id}/</c>; the session id must have the generated form.</summary>
    public string SessionDirectory(string userId, string sessionId) => Session(userId, sessionId);

    /// <summary><c>users/{user_id}/{session_id}/session.json</c></summary>
    public string SessionMetadataFile(string userId, string sessionId) =>
        Session(userId, sessionId, _options.SessionMetadataFilename);

    /// <summary><c>users/{user_id}/{session_id}/messages.jsonl</c></summary>
    public string SessionMessagesFile(string userId, string sessionId) =>
        Session(userId, sessionId, _options.MessagesFilename);

    /// <summary>The name of a session's edits log, beside its <c>messages.jsonl</c> (docs/STORAGE.md §1).</summary>
    public const string EditsFilename = "edits.jsonl";

    /// <summary>
    /// <c>users/{user_id}/{session_id}/edits.jsonl</c>: the session's append-only log of message edits,
    /// deletions and redactions (<see cref="EditsFilename"/>; a fixed name, not a setting).
    /// </summary>
    public string SessionEditsFile(string userId, string sessionId) =>
        Session(userId, sessionId, EditsFilename);

    /// <summary>The name of a session's or panel's event log, beside its <c>messages.jsonl</c> (docs/STORAGE.md §1).</summary>
    public const string EventsFilename = "events.jsonl";

    /// <summary>
    /// <c>users/{user_id}/{session_id}/events.jsonl</c>: the session's append-only event log, the source of event
    /// replay (<see cref="EventsFilename"/>; a fixed name, not a setting).
    /// </summary>
    public string SessionEventsFile(string userId, string sessionId) =>
        Session(userId, sessionId, EventsFilename);

    /// <summary><c>users/{user_id}/{session_id}/situational_context.json</c></summary>
    public string SituationalContextFile(string userId, string sessionId) =>
        Session(userId, sessionId, _options.SituationalContextFilename);

    /// <summary><c>users/{user_id}/{session_id}/context_history/</c></summary>
    public string ContextHistoryDirectory(string userId, string sessionId) =>
        Session(userId, sessionId, _options.ContextHistorySubdirectoryName);

    /// <summary><c>users/{user_id}/{session_id}/context_history/{context_id}.json</c></summary>
    public string ContextSnapshotFile(string userId, string sessionId, string contextId) =>
        Session(userId, sessionId, _options.ContextHistorySubdirectoryName,
            Ids.Validate(GeneratedIdKind.Context, contextId) + ".json");

    /// <summary><c>users/{user_id}/{session_id}/documents/</c></summary>
    public string DocumentsDirectory(string userId, string sessionId) =>
        Session(userId, sessionId, _options.DocumentStorageSubdirectoryName);

    /// <summary><c>users/{user_id}/{session_id}/documents/metadata.json</c></summary>
    public string DocumentMetadataFile(string userId, string sessionId) =>
        Session(userId, sessionId, _options.DocumentStorageSubdirectoryName, _options.DocumentMetadataFilename);

    /// <summary><c>users/{user_id}/{session_id}/documents/analysis/</c></summary>
    public string DocumentAnalysisDirectory(string userId, string sessionId) =>
        Session(userId, sessionId, _options.DocumentStorageSubdirectoryName, _options.DocumentAnalysisSubdirectoryName);

    /// <summary><c>users/{user_id}/{session_id}/documents/analysis/thumbnails/</c>: thumbnails of image documents (fixed name).</summary>
    public string DocumentThumbnailsDirectory(string userId, string sessionId) =>
        Session(userId, sessionId, _options.DocumentStorageSubdirectoryName, _options.DocumentAnalysisSubdirectoryName, ThumbnailsDirectoryName);

    /// <summary><c>users/{user_id}/{session_id}/documents/{filename}</c>; the filename follows
    /// <see cref="DocumentFilenameValidator"/> with the configured extensions.</summary>
    public string DocumentFile(string userId, string sessionId, string filename)
    {
        var user = UserId(userId);
        var session = Ids.Validate(GeneratedIdKind.Session, sessionId);
        var name = DocumentFilenameValidator.Validate(filename, _options.ChatLimits.AllowedDocumentExtensions, _reservedDocumentNames);
        return Under(_options.UserDataDirectoryName, user, session, _options.DocumentStorageSubdirectoryName, name);
    }

    /// <summary>The directory of thumbnails inside a session's analysis directory (docs/STORAGE.md §1).</summary>
    public const string ThumbnailsDirectoryName = "thumbnails";

    private string Session(string userId, string sessionId, params ReadOnlySpan<string> rest)
    {
        var user = UserId(userId);
        var session = Ids.Validate(GeneratedIdKind.Session, sessionId);
        string[] segments = [_options.UserDataDirectoryName, user, session, .. rest];
        return Under(segments);
    }
}
