using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Search;

/// <summary>Log messages of the search grain; event ids 3100-3149.</summary>
internal static partial class SearchLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Search index of user {UserId}: {Reason}; it is rebuilt from the session logs")]
    public static partial void SegmentNotUsable(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning,
        Message = "Search vectors of user {UserId}: {Reason}; every message is embedded again")]
    public static partial void VectorsNotUsable(ILogger logger, string userId, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information,
        Message = "Search index of user {UserId} checked against {Sessions} session logs: {Fed} messages fed, {Removed} sessions removed")]
    public static partial void CheckedAgainstLogs(ILogger logger, string userId, int sessions, long fed, int removed);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning,
        Message = "Search index of user {UserId} covers seq {Indexed} of session {SessionId} but its log has {Count} messages; the session is indexed again")]
    public static partial void IndexAheadOfLog(ILogger logger, string userId, string sessionId, long indexed, long count);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning,
        Message = "Embedding {Count} messages for the search index of user {UserId} failed; retried on the next search or flush")]
    public static partial void EmbeddingFailed(ILogger logger, Exception error, string userId, int count);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning,
        Message = "Writing the search index of user {UserId} failed; retried on the next change or at deactivation")]
    public static partial void FlushFailed(ILogger logger, Exception error, string userId);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning,
        Message = "Telling the search index of user {UserId} about {Kind} in session {SessionId} failed; it catches up from the logs")]
    public static partial void NotifyFailed(ILogger logger, Exception error, string userId, string kind, string sessionId);
}
