
namespace ChatDb.Silo.Api;

/// <summary>Log messages of the REST API (event ids 4000-4099).</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "{Method} {Path} failed with {Status} ({Kind})")]
    public static partial void RequestFailed(ILogger logger, Exception error, string method, string path, int status, string kind);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "{Method} {Path} rejected with {Status} ({Kind}): {Reason}")]
    public static partial void RequestRejected(ILogger logger, string method, string path, int status, string kind, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Request target {Target} rejected: a path segment decodes to a dot segment or a separator")]
    public static partial void HostileRequestTarget(ILogger logger, string target);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Backup streamed: {Files} files, {Bytes} bytes; writes paused {PausedMilliseconds} ms")]
    public static partial void BackupWritten(ILogger logger, long files, long bytes, double pausedMilliseconds);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Error, Message = "Backup aborted after the response started; the client's download is incomplete")]
    public static partial void BackupAborted(ILogger logger, Exception error);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Export of {Scope} streamed: {Records} records")]
    public static partial void ExportWritten(ILogger logger, string scope, long records);

    [LoggerMessage(EventId = 4023, Level = LogLevel.Error, Message = "Export of {Scope} aborted after the response started; the client's download is incomplete")]
    public static partial void ExportAborted(ILogger logger, Exception error, string scope);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Event subscriber of {StreamNamespace}/{StreamKey} fell {Capacity} events behind and was disconnected")]
    public static partial void SubscriberOverflow(ILogger logger, string streamNamespace, string streamKey, int capacity);
}
