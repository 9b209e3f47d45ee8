namespace ChatDb.Storage.Retention;

/// <summary>Ages after which retention acts; null disables a rule.</summary>
/// <param name="ArchiveSessionsAfterDays">Sessions untouched for this many days get their message log compressed.</param>
/// <param name="DeleteSessionsAfterDays">Sessions untouched for this many days are deleted.</param>
/// <param name="DeleteInsightsAfterDays">Panel insights older than this many days are deleted.</param>
public sealed record RetentionRules(int? ArchiveSessionsAfterDays, int? DeleteSessionsAfterDays, int? DeleteInsightsAfterDays);
