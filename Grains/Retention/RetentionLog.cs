using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Retention;

/// <summary>Log messages of the retention grain; event ids 3100-3119.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "Retention: {Archived} sessions archived, {Deleted} sessions deleted, {Insights} panel insights pruned, {Skipped} planned actions skipped")]
    public static partial void Summary(ILogger logger, int archived, int deleted, int insights, int skipped);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Retention: {Action} of {Subject} failed; it is retried on the next run")]
    public static partial void ActionFailed(ILogger logger, Exception error, string action, string subject);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error,
        Message = "Retention: the run failed; it is retried after the next interval")]
    public static partial void RunFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information,
        Message = "Retention: started, every {Interval}; archive after {ArchiveDays} days, delete after {DeleteDays} days, insights after {InsightDays} days")]
    public static partial void Started(ILogger logger, TimeSpan interval, string archiveDays, string deleteDays, int insightDays);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Information,
        Message = "Retention: {Erased} trash entries older than {Days} days erased")]
    public static partial void TrashEmptied(ILogger logger, int erased, int days);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Error,
        Message = "Retention: the audit record of the erased {Erased} ({Ids}) could not be written; the erase stands")]
    public static partial void AuditFailed(ILogger logger, Exception error, string erased, string ids);
}
