using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ChatDb.Storage.Memory;

/// <summary>Log messages of the memory providers; event ids 1300-1309 (band 1300-1349: storage facets and their providers).</summary>
internal static partial class MemoryStorageLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning,
        Message = "Storage {Provider}: {Operation} of state '{StateName}' of grain {GrainId} refused, presented ETag {PresentedEtag}, stored ETag {StoredEtag}")]
    public static partial void StateConflict(ILogger logger, string provider, string operation, string stateName, GrainId grainId, string? presentedEtag, string? storedEtag);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning,
        Message = "Storage {Provider}: append to log '{LogName}' of grain {GrainId} refused, expected count {ExpectedCount}, stored count {StoredCount}")]
    public static partial void LogConflict(ILogger logger, string provider, string logName, GrainId grainId, long expectedCount, long storedCount);
}
