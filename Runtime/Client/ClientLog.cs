using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime.Client;

/// <summary>Cluster client log messages; event ids 1150-1199.</summary>
internal sealed partial class ClientLog(ILogger logger)
{
    [LoggerMessage(EventId = 1150, Level = LogLevel.Information, Message = "Connected to silo {SiloName} through gateway {EndPoint}")]
    public partial void Connected(string siloName, string endPoint);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Warning, Message = "Connection to gateway {EndPoint} lost; {PendingCount} pending calls failed")]
    public partial void ConnectionLost(Exception? error, string endPoint, int pendingCount);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Debug, Message = "Connecting to gateway {EndPoint} failed (round {Round})")]
    public partial void ConnectAttemptFailed(Exception error, string endPoint, int round);

    [LoggerMessage(EventId = 1153, Level = LogLevel.Debug, Message = "Response to call {CallId} arrived after the call ended (timed out); dropped")]
    public partial void LateResponse(long callId);

    [LoggerMessage(EventId = 1154, Level = LogLevel.Warning, Message = "Gateway {EndPoint} sent a malformed frame; closing the connection")]
    public partial void MalformedFrame(Exception error, string endPoint);

    [LoggerMessage(EventId = 1155, Level = LogLevel.Information, Message = "Cluster client closed")]
    public partial void Closed();
}
