using Microsoft.Extensions.Logging;

namespace ChatDb.Runtime.Gateway;

/// <summary>Silo gateway log messages; event ids 1100-1149 (the client uses 1150-1199).</summary>
internal sealed partial class GatewayLog(ILogger logger)
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Gateway of silo {SiloName} listening on {EndPoint}")]
    public partial void Listening(string siloName, string endPoint);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Gateway stopped ({Mode}); {ConnectionCount} client connections closed")]
    public partial void Stopped(string mode, int connectionCount);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Client {ClientId} connected from {RemoteEndPoint}")]
    public partial void ClientConnected(string clientId, string remoteEndPoint);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Connection from {RemoteEndPoint} closed")]
    public partial void ConnectionClosed(string remoteEndPoint);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Closing the connection from {RemoteEndPoint}: it announced a frame of {DeclaredLength} bytes, the limit (Runtime:Gateway:MaxFrameSize) is {MaxFrameSize}")]
    public partial void OversizeFrame(string remoteEndPoint, long declaredLength, int maxFrameSize);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Closing the connection from {RemoteEndPoint}: {Reason}")]
    public partial void ProtocolViolation(Exception? error, string remoteEndPoint, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Handshake of client {ClientId} from {RemoteEndPoint} rejected: {Reason}")]
    public partial void HandshakeRejected(string clientId, string remoteEndPoint, string reason);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Debug, Message = "Connection from {RemoteEndPoint} failed")]
    public partial void ConnectionFailed(Exception error, string remoteEndPoint);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "The result of call {CallId} ({MethodId}) could not be sent; the client gets an error instead")]
    public partial void ResultNotSent(Exception? error, long callId, string methodId);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Debug, Message = "One-way call {MethodId} on grain {GrainId} failed")]
    public partial void OneWayCallFailed(Exception error, string methodId, GrainId grainId);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "Gateway stopped accepting connections after an error")]
    public partial void AcceptFailed(Exception error);
}
