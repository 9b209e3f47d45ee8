using ChatDb.Storage.Flatfile.IO;

namespace ChatDb.Storage.Flatfile.Options;

/// <summary>
/// The storage settings of seed 004 §6.2 (<c>StorageConfig</c>) with the seed's defaults, bound from the
/// <c>Storage</c> configuration section (<c>CHATDB_STORAGE__&lt;KEY&gt;</c> as environment variables).
/// Names that become path segments are validated at start-up by <see cref="FlatfileStorageOptionsValidator"/>.
/// </summary>
public sealed class FlatfileStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

    /// <summary>The document extensions the seed allows by default.</summary>
    public static IReadOnlyList<string> DefaultAllowedDocumentExtensions { get; } =
        [".pdf", ".txt", ".md", ".json", ".csv", ".png", ".jpg", ".jpeg"];

    // Storage locations
    public string StorageBasePath { get; set; } = "./data";
    public string UserDataDirectoryName { get; set; } = "users";
    public string PanelSessionsDirectoryName { get; set; } = "panel_sessions";
    public string GlobalPersonasDirectoryName { get; set; } = "personas_global";
    public string SystemConfigDirectoryName { get; set; } = "system";

    // Id prefixes and timestamp formats (.NET custom format strings, always applied to UTC).
    // The seed's formats had whole seconds; microseconds keep ids unique and sortable.
    public string SessionIdPrefix { get; set; } = "chat_session";
    public string PanelIdPrefix { get; set; } = "panel";
    public string ContextIdPrefix { get; set; } = "context";
    public string InsightIdPrefix { get; set; } = "insight";
    public string SessionTimestampFormat { get; set; } = "yyyyMMdd_HHmmss_ffffff";
    public string ContextSnapshotTimestampFormat { get; set; } = "yyyyMMdd_HHmmss_ffffff";

    // File names
    public string UserProfileFilename { get; set; } = "profile.json";
    public string SessionMetadataFilename { get; set; } = "session.json";
    public string MessagesFilename { get; set; } = "messages.jsonl";
    public string SituationalContextFilename { get; set; } = "situational_context.json";
    public string DocumentMetadataFilename { get; set; } = "metadata.json";
    public string PanelMetadataFilename { get; set; } = "panel.json";
    public string SystemConfigFilename { get; set; } = "config.json";

    // Directory names inside users and panels (not in the seed's config, named by its layout)
    public string PersonasDirectoryName { get; set; } = "personas";
    public string PersonaVersionsDirectoryName { get; set; } = "versions";
    public string PanelInsightsDirectoryName { get; set; } = "insights";

    // Storage limits
    public long MaxMessageSizeBytes { get; set; } = 1_048_576;
    public long MaxDocumentSizeBytes { get; set; } = 104_857_600;
    public int MaxMessagesPerSession { get; set; } = 100_000;
    public int MaxSessionsPerUser { get; set; } = 1_000;
    public int MaxContextHistorySnapshots { get; set; } = 100;

    // Performance settings
    public int MessagePaginationDefaultLimit { get; set; } = 100;
    public int SessionListDefaultLimit { get; set; } = 50;
    public int SearchResultsDefaultLimit { get; set; } = 20;
    public int JsonlReadBufferSize { get; set; } = 8192;

    // Behaviour settings
    public string AtomicWriteTempSuffix { get; set; } = ".tmp";
    public bool BackupBeforeDelete { get; set; } = true;
    public bool AutoCleanupEmptyDirectories { get; set; } = true;
    public bool ValidateJsonOnRead { get; set; } = true;
    public Durability Durability { get; set; } = Durability.Fsync;

    /// <summary>
    /// The file operations of the engine (documents, logs, grain storage). Not a configuration key: the real
    /// file system unless code (a test injecting faults or simulating power loss) sets another.
    /// </summary>
    public IFlatfileFileSystem FileSystem { get; set; } = FlatfileFileSystem.Instance;

    // Search configuration
    public bool SearchIncludeMessageContent { get; set; } = true;
    public bool SearchIncludeContext { get; set; } = true;
    public bool SearchIncludeMetadata { get; set; }
    public int FullTextSearchMinWordLength { get; set; } = 3;

    // Panel configuration
    public int PanelMaxPersonas { get; set; } = 10;
    public int PanelInsightRetentionDays { get; set; } = 90;
    public bool PanelMessageThreadingEnabled { get; set; } = true;

    // Document handling. A configured list replaces the default one (see AddFlatfileStorageOptions).
    public IList<string> AllowedDocumentExtensions { get; set; } = [.. DefaultAllowedDocumentExtensions];
    public string DocumentStorageSubdirectoryName { get; set; } = "documents";
    public string DocumentAnalysisSubdirectoryName { get; set; } = "analysis";

    // Context management
    public string ContextHistorySubdirectoryName { get; set; } = "context_history";
    public int ContextSummaryMaxLength { get; set; } = 500;
    public int ContextKeyPointsMaxCount { get; set; } = 10;
    public double ContextConfidenceThreshold { get; set; } = 0.7;
}
