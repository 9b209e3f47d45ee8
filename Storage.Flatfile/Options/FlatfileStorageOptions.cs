using ChatDb.Storage.Flatfile.IO;
using ChatDb.Storage.Options;

namespace ChatDb.Storage.Flatfile.Options;

/// <summary>
/// The flatfile provider's settings (docs/STORAGE.md §7) with their documented defaults: where the
/// data directory is and how its files are named and written. Bound from the <c>Storage</c> configuration
/// section (<c>CHATDB_STORAGE__&lt;KEY&gt;</c> as environment variables), which also holds the chat limits
/// (<see cref="ChatLimitsOptions"/>, bound from the same section; each key belongs to one of the two).
/// Names that become path segments are validated at start-up by <see cref="FlatfileStorageOptionsValidator"/>.
/// </summary>
public sealed class FlatfileStorageOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Storage";

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

    // Behaviour settings
    public string AtomicWriteTempSuffix { get; set; } = ".tmp";
    public Durability Durability { get; set; } = Durability.Fsync;

    /// <summary>
    /// The file operations of the engine (documents, logs, grain storage). Not a configuration key: the real
    /// file system unless code (a test injecting faults or simulating power loss) sets another.
    /// </summary>
    public IFlatfileFileSystem FileSystem { get; set; } = FlatfileFileSystem.Instance;

    // Directory names inside a session
    public string DocumentStorageSubdirectoryName { get; set; } = "documents";
    public string DocumentAnalysisSubdirectoryName { get; set; } = "analysis";
    public string ContextHistorySubdirectoryName { get; set; } = "context_history";

    /// <summary>
    /// The chat limits the layout applies to the files it stores and scans (document names and extensions,
    /// file sizes). Not configuration keys of their own: the limits are bound once, as
    /// <see cref="ChatLimitsOptions"/> from the same section, and registration points this at that instance,
    /// so the grains and the files agree; code that builds options by hand sets it (defaults otherwise).
    /// </summary>
    public ChatLimitsOptions ChatLimits { get; set; } = new();
}
