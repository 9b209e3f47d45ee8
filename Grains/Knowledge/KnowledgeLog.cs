using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Knowledge;

/// <summary>Log messages of the knowledge grains (event ids 3800–3819).</summary>
internal static partial class KnowledgeLog
{
    [LoggerMessage(EventId = 3800, Level = LogLevel.Information,
        Message = "Knowledge document {Filename} of {Scope} could not be indexed: {Reason}")]
    public static partial void DocumentFailed(ILogger logger, string scope, string filename, string reason);

    [LoggerMessage(EventId = 3801, Level = LogLevel.Warning,
        Message = "Chunks of knowledge document {Filename} of user {UserId} are missing or unreadable; it is not searchable until uploaded again")]
    public static partial void ChunksUnreadable(ILogger logger, string userId, string filename, Exception? error);
}
