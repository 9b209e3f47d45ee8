using System.Text.Json;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Client;

internal sealed partial class GatewayConnection
{
    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_context.Options.ResponseTimeout, _context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var json = _frames.Begin();
        JsonSerializer.Serialize(
            json,
            new HelloMessage(WireNames.Hello, WireNames.ProtocolVersion, _context.ClientId, _context.Options.ClusterSecret),
            WireJsonContext.Default.HelloMessage);
        _frames.TryCommit(_connection.Output, out _);
        await _connection.Output.FlushAsync(linked.Token).ConfigureAwait(false);

        var input = _connection.Input;
        while (true)
        {
            var result = await input.ReadAsync(linked.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = Framing.TryReadFrame(ref buffer, _context.Options.MaxFrameSize, out var frame, out var declared);
            if (status == FrameStatus.Oversize)
            {
                throw new IOException($"Gateway {EndPointName} announced a handshake frame of {declared} bytes (limit {_context.Options.MaxFrameSize}).");
            }

            if (status == FrameStatus.Complete)
            {
                var reader = new Utf8JsonReader(frame);
                var reply = JsonSerializer.Deserialize(ref reader, WireJsonContext.Default.HandshakeReply);
                input.AdvanceTo(buffer.Start);
                Accept(reply);
                return;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new SiloUnavailableException($"Gateway {EndPointName} closed the connection during the handshake.");
            }
        }
    }

    private void Accept(HandshakeReply? reply)
    {
        if (reply is { Kind: WireNames.Welcome, SiloName: { } siloName })
        {
            SiloName = siloName;
            GrainTypes = reply.GrainTypes ?? new Dictionary<string, string>();
            return;
        }

        var message = $"Gateway {EndPointName} refused the connection: {reply?.Message ?? "no welcome"}";
        throw reply?.ErrorType == typeof(UnauthorizedAccessException).FullName
            ? new UnauthorizedAccessException(message)
            : new GatewayRefusedException(message);
    }
}
