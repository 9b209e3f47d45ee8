using Microsoft.Extensions.Logging;

namespace ChatDb.Grains.Sessions.Summary;

internal static partial class SummaryLog
{
    [LoggerMessage(EventId = 3670, Level = LogLevel.Warning,
        Message = "The rolling summary of session {SessionKey} with model '{Model}' failed; the context stays as it was and the next request tries again")]
    public static partial void SummaryFailed(ILogger logger, Exception error, string sessionKey, string model);

    [LoggerMessage(EventId = 3671, Level = LogLevel.Debug,
        Message = "Session {SessionKey}: {Messages} messages folded into the rolling summary, through seq {ThroughSeq}")]
    public static partial void Summarized(ILogger logger, string sessionKey, int messages, long throughSeq);
}
