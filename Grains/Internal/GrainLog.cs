using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Internal;

/// <summary>Log messages of the chat grains; event ids 3000-3099.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Publishing {Kind} on stream {StreamNamespace}/{StreamKey} failed; the change itself is stored")]
    public static partial void EventPublishFailed(ILogger logger, Exception error, string kind, string streamNamespace, string streamKey);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Telling {Target} about {What} failed; its index catches up on the next change")]
    public static partial void NotificationFailed(ILogger logger, Exception error, string target, string what);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Writing the session index of user {UserId} failed; it is retried on the next change or at deactivation")]
    public static partial void SessionIndexFlushFailed(ILogger logger, Exception error, string userId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning,
        Message = "Writing the last-activity time of session {SessionId} of user {UserId} at deactivation failed; it is recovered from the messages on the next activation")]
    public static partial void SessionFlushFailed(ILogger logger, Exception error, string userId, string sessionId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning,
        Message = "Session {SessionId} of user {UserId} is on disk but its session.json cannot be read into the session index; it stays unlisted")]
    public static partial void UnlistableSession(ILogger logger, Exception error, string userId, string sessionId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "The session index of user {UserId} lagged the session directories (a crash before it was written): added {Added}, removed {Removed}")]
    public static partial void SessionIndexReconciled(ILogger logger, string userId, int added, int removed);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "Redacting message {Seq} in fork {ForkId} of session {SessionId} of user {UserId} failed; the origin's redaction stands, repeat it to reach the fork")]
    public static partial void ForkRedactionFailed(ILogger logger, Exception error, string userId, string sessionId, string forkId, long seq);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information,
        Message = "Finishing the redaction of message {Seq} in session {SessionId} of user {UserId} that a crash interrupted")]
    public static partial void RedactionResumed(ILogger logger, string userId, string sessionId, long seq);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning,
        Message = "Panel {PanelId} is on disk but its panel.json cannot be read; it stays out of the panel list")]
    public static partial void UnlistablePanel(ILogger logger, Exception error, string panelId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "Appending {Kind} to the event log of {StreamNamespace}/{StreamKey} failed; the change itself is stored, the event is neither kept nor published")]
    public static partial void EventLogAppendFailed(ILogger logger, Exception error, string kind, string streamNamespace, string streamKey);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information,
        Message = "Session {SessionId} of user {UserId} was rebuilt from the user's session journal (a crash before its directory was synced)")]
    public static partial void SessionRebuiltFromJournal(ILogger logger, string userId, string sessionId);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning,
        Message = "Recording the failed create of session {SessionId} of user {UserId} in the session journal failed; a crash before its directory is synced may bring the session back")]
    public static partial void JournalRemovalFailed(ILogger logger, Exception error, string userId, string sessionId);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning,
        Message = "Emptying the session journal of user {UserId} at deactivation failed; the next open of the data directory replays it")]
    public static partial void JournalCompactionFailed(ILogger logger, Exception error, string userId);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning,
        Message = "Syncing the directories of the new sessions of user {UserId} failed; each session's next durable write, or the user grain's deactivation, syncs them again")]
    public static partial void NewSessionSyncFailed(ILogger logger, Exception error, string userId);
}
