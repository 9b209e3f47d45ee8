using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>Log events of the flatfile grain storage providers; event ids 3200-3299.</summary>
internal static partial class FlatfileProviderLog
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning,
        Message = "Storage {Provider}: {Operation} of state '{StateName}' of grain {GrainId} refused, presented ETag {PresentedEtag}, stored ETag {StoredEtag}")]
    public static partial void StateConflict(ILogger logger, string provider, string operation, string stateName, GrainId grainId, string? presentedEtag, string? storedEtag);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning,
        Message = "Storage {Provider}: append to log '{LogName}' of grain {GrainId} refused, expected count {ExpectedCount}, stored count {StoredCount}")]
    public static partial void LogConflict(ILogger logger, string provider, string logName, GrainId grainId, long expectedCount, long storedCount);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information,
        Message = "Storage {Provider}: deleted everything of grain {GrainId}: {Files} files")]
    public static partial void GrainDeleted(ILogger logger, string provider, GrainId grainId, long files);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Debug,
        Message = "Closed {Count} idle logs to stay within {Capacity} open logs")]
    public static partial void LogsEvicted(ILogger logger, int count, int capacity);
}
