using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Memories;

/// <summary>Log messages of the memory grain (event ids 3720–3739).</summary>
internal static partial class MemoryLog
{
    [LoggerMessage(EventId = 3720, Level = LogLevel.Warning,
        Message = "Writing the memory snapshot of user {UserId} failed; the change log holds every change")]
    public static partial void SnapshotFailed(ILogger logger, Exception error, string userId);

    [LoggerMessage(EventId = 3721, Level = LogLevel.Warning,
        Message = "Embedding {Count} memories of user {UserId} failed; they are recalled by their words until the next try")]
    public static partial void EmbeddingFailed(ILogger logger, Exception error, string userId, int count);
}
