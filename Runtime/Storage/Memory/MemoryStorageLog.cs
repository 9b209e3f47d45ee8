using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime.Storage.Memory;

/// <summary>Log messages of the memory providers; event ids 3000-3019 (band 3000-3099: runtime storage).</summary>
internal static partial class MemoryStorageLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning,
        Message = "Storage {Provider}: {Operation} of state '{StateName}' of grain {GrainId} refused, presented ETag {PresentedEtag}, stored ETag {StoredEtag}")]
    public static partial void StateConflict(ILogger logger, string provider, string operation, string stateName, GrainId grainId, string? presentedEtag, string? storedEtag);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Storage {Provider}: append to log '{LogName}' of grain {GrainId} refused, expected count {ExpectedCount}, stored count {StoredCount}")]
    public static partial void LogConflict(ILogger logger, string provider, string logName, GrainId grainId, long expectedCount, long storedCount);
}
