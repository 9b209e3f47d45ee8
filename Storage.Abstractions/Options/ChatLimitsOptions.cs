namespace ChatDb.Storage.Options;

/// <summary>
/// The limits and defaults of the chat data that grains, the REST API and every storage provider apply
/// alike: sizes, counts, page sizes, document extensions, context and panel limits. Bound from the same
/// <c>Storage</c> section as the flatfile provider's own options (so <c>Storage:MaxMessageSizeBytes</c> and
/// <c>CHATDB_STORAGE__MAXMESSAGESIZEBYTES</c> keep working), each key owned by exactly one of the two
/// classes; checked at start-up by <see cref="ChatLimitsOptionsValidator"/> (docs/STORAGE.md §7).
/// </summary>
public sealed class ChatLimitsOptions
{
    /// <summary>The configuration section these options are bound from (shared with the flatfile provider's options).</summary>
    public const string SectionName = "Storage";

    /// <summary>
    /// The document extensions allowed by default: the seed's list, then the images, audio and video the multimodal
    /// module describes (docs/MULTIMODAL.md).
    /// </summary>
    public static IReadOnlyList<string> DefaultAllowedDocumentExtensions { get; } =
        [".pdf", ".txt", ".md", ".json", ".csv", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".mp3", ".wav", ".ogg", ".mp4", ".webm"];

    // Sizes and counts
    public long MaxMessageSizeBytes { get; set; } = 1_048_576;
    public long MaxDocumentSizeBytes { get; set; } = 104_857_600;
    public int MaxMessagesPerSession { get; set; } = 100_000;

    /// <summary>How many messages one batch append (<c>POST .../messages/batch</c>) may carry.</summary>
    public int MaxMessagesPerBatch { get; set; } = 100;
    public int MaxSessionsPerUser { get; set; } = 1_000;
    public int MaxContextHistorySnapshots { get; set; } = 100;

    // Page sizes when the caller gives none
    public int MessagePaginationDefaultLimit { get; set; } = 100;
    public int SessionListDefaultLimit { get; set; } = 50;

    /// <summary>
    /// Whether a deletion keeps a copy of what it removes. Kept for the deletion routes that will honour it
    /// (docs/STORAGE.md §7); deletions do not read it yet.
    /// </summary>
    public bool BackupBeforeDelete { get; set; } = true;

    // Panels
    public int PanelMaxPersonas { get; set; } = 10;
    public int PanelInsightRetentionDays { get; set; } = 90;

    /// <summary>Extensions an uploaded document may have. A configured list replaces this one (see <c>AddChatLimitsOptions</c>).</summary>
    public IList<string> AllowedDocumentExtensions { get; set; } = [.. DefaultAllowedDocumentExtensions];

    // Situational context
    public int ContextSummaryMaxLength { get; set; } = 500;
    public int ContextKeyPointsMaxCount { get; set; } = 10;
    public double ContextConfidenceThreshold { get; set; } = 0.7;
}
