using ChatDb.Storage.Flatfile.Ids;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using F = ChatDb.Storage.Flatfile.Providers.ChatGrainFacets;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>The GRAIN-LAYOUT table itself: one switch per facet.</summary>
public sealed partial class FlatfileGrainPaths
{
    private string MapState(ParsedKey key, string name) => (key.Shape, name) switch
    {
        (KeyShape.User, F.ProfileState) => _layout.UserProfileFile(key[0]),
        (KeyShape.User, F.SessionsState) => SafePath.Combine(BaseDirectory,
            _options.UserDataDirectoryName, key[0], IndexDirectoryName, "sessions.json"),
        (KeyShape.User, _) => throw Unmapped(key, "state", name, F.ProfileState, F.SessionsState),

        (KeyShape.Session, F.SessionState) => _layout.SessionMetadataFile(key[0], key[1]),
        (KeyShape.Session, F.ContextState) => _layout.SituationalContextFile(key[0], key[1]),
        (KeyShape.Session, F.Documents) => _layout.DocumentMetadataFile(key[0], key[1]),
        (KeyShape.Session, _) => throw Unmapped(key, "state", name, F.SessionState, F.ContextState, F.Documents),

        (KeyShape.Panel, F.PanelState) => _layout.PanelMetadataFile(key[0]),
        (KeyShape.Panel, _) => throw Unmapped(key, "state", name, F.PanelState),
        (KeyShape.PanelRun, F.PanelRunState) => _layout.PanelRunFile(key[0], key[1]),
        (KeyShape.PanelRun, _) => throw Unmapped(key, "state", name, F.PanelRunState),

        (KeyShape.GlobalPersona, F.PersonaState) => _layout.GlobalPersonaFile(key[0]),
        (KeyShape.UserPersona, F.PersonaState) => _layout.UserPersonaFile(key[0], key[1]),
        (KeyShape.GlobalPersona or KeyShape.UserPersona, _) => throw Unmapped(key, "state", name, F.PersonaState),

        // The catalog's own list of the persona ids it was told about (the grain keeps it for providers that have
        // no persona directory to list); beside the user's session index, or in the global personas' directory.
        (KeyShape.UserCatalog, F.CatalogIndexState) => SafePath.Combine(BaseDirectory,
            _options.UserDataDirectoryName, key[0], IndexDirectoryName, CatalogIndexFileName),
        (KeyShape.GlobalCatalog, F.CatalogIndexState) => SafePath.Combine(BaseDirectory,
            _options.GlobalPersonasDirectoryName, IndexDirectoryName, CatalogIndexFileName),
        (KeyShape.GlobalCatalog or KeyShape.UserCatalog, _) => throw Unmapped(key, "state", name, F.CatalogIndexState),

        (KeyShape.UserMemory, F.MemoriesState) => _layout.MemorySnapshotFile(key[0]),
        (KeyShape.UserMemory, _) => throw Unmapped(key, "state", name, F.MemoriesState),
        (KeyShape.UserKnowledge, F.KnowledgeDocumentsState) => _layout.KnowledgeDocumentsFile(key[0]),
        (KeyShape.UserKnowledge, _) => throw Unmapped(key, "state", name, F.KnowledgeDocumentsState),

        (var shape, _) when IsAgentShape(shape) => MapAgentState(key, name),
        (KeyShape.Generic, _) => Generic(key, FacetName(name, "state name") + ".json"),
        _ => throw Unmapped(key, "state", name),
    };

    private string MapLog(ParsedKey key, string name) => (key.Shape, name) switch
    {
        (KeyShape.User, F.SessionJournalLog) => _layout.UserSessionJournalFile(key[0]),
        (KeyShape.User, _) => throw Unmapped(key, "log", name, F.SessionJournalLog),
        (KeyShape.Session, F.MessagesLog) => _layout.SessionMessagesFile(key[0], key[1]),
        (KeyShape.Session, F.EditsLog) => _layout.SessionEditsFile(key[0], key[1]),
        (KeyShape.Session, F.EventsLog) => _layout.SessionEventsFile(key[0], key[1]),
        (KeyShape.Session, _) => throw Unmapped(key, "log", name, F.MessagesLog, F.EditsLog, F.EventsLog),
        (KeyShape.Panel, F.MessagesLog) => _layout.PanelMessagesFile(key[0]),
        (KeyShape.Panel, F.EventsLog) => _layout.PanelEventsFile(key[0]),
        (KeyShape.Panel, F.PanelRunsLog) => _layout.PanelRunListFile(key[0]),
        (KeyShape.Panel, _) => throw Unmapped(key, "log", name, F.MessagesLog, F.EventsLog, F.PanelRunsLog),
        (KeyShape.PanelRun, F.PanelTraceLog) => _layout.PanelTraceFile(key[0], key[1]),
        (KeyShape.PanelRun, _) => throw Unmapped(key, "log", name, F.PanelTraceLog),
        (KeyShape.UserMemory, F.MemoryChangesLog) => _layout.MemoryChangesFile(key[0]),
        (KeyShape.UserMemory, _) => throw Unmapped(key, "log", name, F.MemoryChangesLog),
        (var shape, _) when IsAgentShape(shape) => MapAgentLog(key, name),
        (KeyShape.Generic, _) => Generic(key, FacetName(name, "log name") + ".jsonl"),
        _ => throw Unmapped(key, "log", name),
    };

    private GrainFileCollection MapFiles(ParsedKey key, string name) => (key.Shape, name) switch
    {
        (KeyShape.Session, F.Documents) => Collection(key, name, _layout.DocumentsDirectory(key[0], key[1]),
            file => DocumentFilenameValidator.Validate(file, _options.ChatLimits.AllowedDocumentExtensions, _reservedDocumentNames)),
        (KeyShape.Session, F.ContextHistory) => Collection(key, name, _layout.ContextHistoryDirectory(key[0], key[1]),
            file => JsonFile(file, "context snapshot file", stem => _layout.Ids.Validate(GeneratedIdKind.Context, stem))),
        (KeyShape.Session, F.DocumentThumbnails) => Collection(key, name, _layout.DocumentThumbnailsDirectory(key[0], key[1]), ThumbnailFile),
        (KeyShape.Session, _) => throw Unmapped(key, "files collection", name, F.Documents, F.ContextHistory, F.DocumentThumbnails),

        (KeyShape.Panel, F.Insights) => Collection(key, name, _layout.PanelInsightsDirectory(key[0]),
            file => JsonFile(file, "insight file", stem => _layout.Ids.Validate(GeneratedIdKind.Insight, stem))),
        (KeyShape.Panel, F.Personas) => Collection(key, name, _layout.PanelPersonasDirectory(key[0]), PersonaFile),
        (KeyShape.Panel, _) => throw Unmapped(key, "files collection", name, F.Insights, F.Personas),
        (KeyShape.PanelRun, _) => throw Unmapped(key, "files collection", name),

        (KeyShape.GlobalPersona, F.Versions) => Collection(key, name, _layout.GlobalPersonaVersionsDirectory(key[0]), VersionFile),
        (KeyShape.UserPersona, F.Versions) => Collection(key, name, _layout.UserPersonaVersionsDirectory(key[0], key[1]), VersionFile),
        (KeyShape.GlobalPersona or KeyShape.UserPersona, _) => throw Unmapped(key, "files collection", name, F.Versions),

        (KeyShape.GlobalCatalog, F.Personas) => Collection(key, name, _layout.GlobalPersonasDirectory, PersonaFile, isReadOnly: true),
        (KeyShape.UserCatalog, F.Personas) => Collection(key, name, _layout.UserPersonasDirectory(key[0]), PersonaFile, isReadOnly: true),
        (KeyShape.GlobalCatalog or KeyShape.UserCatalog, _) => throw Unmapped(key, "files collection", name, F.Personas),

        // The search index is derived data: beside the session index, so deleting the user removes it too.
        (KeyShape.Search, F.SearchIndex) => Collection(key, name, SearchIndexDirectory(key),
            file => EntityIdValidator.Validate(file, "search index file name")),
        (KeyShape.Search, _) => throw Unmapped(key, "files collection", name, F.SearchIndex),

        // Knowledge files: the knowledge grain checks filenames by its own rule (docs/RAG.md); here only the id rule
        // that keeps a name one safe path segment ("{filename}.json", "{filename}.jsonl" included).
        (KeyShape.UserKnowledge, F.KnowledgeFiles or F.KnowledgeText or F.KnowledgeChunks) => Collection(key, name,
            _layout.KnowledgeSubdirectory(key[0], name), file => EntityIdValidator.Validate(file, "knowledge file name")),
        (KeyShape.UserKnowledge, _) => throw Unmapped(key, "files collection", name, F.KnowledgeFiles, F.KnowledgeText, F.KnowledgeChunks),

        (KeyShape.User or KeyShape.UserMemory, _) => throw Unmapped(key, "files collection", name),
        (var shape, _) when IsAgentShape(shape) => MapAgentFiles(key, name),
        _ => Collection(key, name, Generic(key, FacetName(name, "files collection name")),
            file => EntityIdValidator.Validate(file, "file name")),
    };

    private GrainFootprint MapFootprint(ParsedKey key) => key.Shape switch
    {
        KeyShape.User => GrainFootprint.OfDirectory(_layout.UserDirectory(key[0])),
        KeyShape.Session => GrainFootprint.OfDirectory(_layout.SessionDirectory(key[0], key[1])),
        KeyShape.Panel => GrainFootprint.OfDirectory(_layout.PanelDirectory(key[0])),
        KeyShape.PanelRun => new GrainFootprint([], [_layout.PanelRunFile(key[0], key[1]), _layout.PanelTraceFile(key[0], key[1])]),
        KeyShape.GlobalPersona => new GrainFootprint(
            [_layout.GlobalPersonaVersionsDirectory(key[0])], [_layout.GlobalPersonaFile(key[0])]),
        KeyShape.UserPersona => new GrainFootprint(
            [_layout.UserPersonaVersionsDirectory(key[0], key[1])], [_layout.UserPersonaFile(key[0], key[1])]),

        KeyShape.Search => GrainFootprint.OfDirectory(SearchIndexDirectory(key)),
        KeyShape.UserMemory => GrainFootprint.OfDirectory(_layout.MemoryDirectory(key[0])),
        KeyShape.UserKnowledge => GrainFootprint.OfDirectory(_layout.KnowledgeDirectory(key[0])),
        var shape when IsAgentShape(shape) => MapAgentFootprint(key),

        // The catalog owns nothing: it only reads the persona grains' files.
        KeyShape.GlobalCatalog or KeyShape.UserCatalog => GrainFootprint.Empty,
        _ => GrainFootprint.OfDirectory(Generic(key)),
    };

    private string SearchIndexDirectory(ParsedKey key) =>
        SafePath.Combine(BaseDirectory, _options.UserDataDirectoryName, key[0], IndexDirectoryName, ChatGrainTypes.Search);

    private static GrainFileCollection Collection(ParsedKey key, string name, string directory, Func<string, string> validateName, bool isReadOnly = false) =>
        new(key.GrainId, name, directory, validateName, isReadOnly);

    /// <summary><c>{base}/grains/{type}/{segments...}/{leaf}</c>, or the grain's directory without a leaf.</summary>
    private string Generic(ParsedKey key, string? leaf = null)
    {
        string[] segments = leaf is null
            ? [GenericGrainsDirectoryName, key.Type, .. key.Segments]
            : [GenericGrainsDirectoryName, key.Type, .. key.Segments, leaf];
        return SafePath.Combine(BaseDirectory, segments);
    }
}
