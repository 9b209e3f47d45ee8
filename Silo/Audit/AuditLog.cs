namespace ChatDb.Silo.Audit;

/// <summary>Log messages of the audit log (event ids 4150-4159).</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 4150, Level = LogLevel.Error, Message = "Audit record of {Action} {Path} (answered {Status}) could not be written")]
    public static partial void RecordFailed(ILogger logger, Exception exception, string action, string path, int status);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Error, Message = "Audit record of an API key change could not be written")]
    public static partial void KeyChangeFailed(ILogger logger, Exception exception);
}
