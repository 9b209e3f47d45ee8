namespace ChatDb.Grains.Retention;

/// <summary>
/// Settings of the silo's retention (configuration section <see cref="SectionName"/>). Off by default:
/// deleting data must be opted into. Panel insights age out after the storage setting
/// <c>Storage:PanelInsightRetentionDays</c>.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Whether the silo applies retention at all.</summary>
    public bool Enabled { get; set; }

    /// <summary>Sessions untouched for more than this many days get their message log compressed; null = never.</summary>
    public int? ArchiveSessionsAfterDays { get; set; }

    /// <summary>Sessions untouched for more than this many days are deleted; null = never.</summary>
    public int? DeleteSessionsAfterDays { get; set; }

    /// <summary>
    /// Trash entries (deleted sessions, panels, users; docs/STORAGE.md, Trash) are erased for good this many days after
    /// they were deleted; null = kept until restored or erased by hand.
    /// </summary>
    public int? EmptyTrashAfterDays { get; set; } = DefaultEmptyTrashAfterDays;

    public const int DefaultEmptyTrashAfterDays = 30;

    /// <summary>Time between two runs (the first run is one interval after the silo starts).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
