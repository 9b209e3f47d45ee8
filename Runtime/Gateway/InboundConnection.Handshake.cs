using System.Buffers;
using System.Text.Json;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Gateway;

internal sealed partial class InboundConnection
{
    /// <summary>Reads the hello, asks the authenticator, answers welcome or a refusal. False: the connection ends.</summary>
    private async Task<bool> HandshakeAsync()
    {
        using var timeout = new CancellationTokenSource(GatewayContext.HandshakeTimeout, _context.TimeProvider);
        var hello = await ReadHelloAsync(timeout.Token).ConfigureAwait(false);
        if (hello is null)
        {
            return false;
        }

        if (hello.Protocol != WireNames.ProtocolVersion)
        {
            await RefuseAsync(hello.ClientId, typeof(NotSupportedException),
                $"Silo '{_context.SiloName}' speaks gateway protocol {WireNames.ProtocolVersion}; the client asked for {hello.Protocol}.").ConfigureAwait(false);
            return false;
        }

        var verdict = await _context.Authenticator
            .AuthenticateAsync(new GatewayHandshake(hello.ClientId, hello.ClusterSecret, RemoteEndPoint), timeout.Token)
            .ConfigureAwait(false);
        if (!verdict.IsAccepted)
        {
            await RefuseAsync(hello.ClientId, typeof(UnauthorizedAccessException),
                $"Silo '{_context.SiloName}' refused client '{hello.ClientId}': {verdict.RejectionReason}").ConfigureAwait(false);
            return false;
        }

        var json = _frames.Begin();
        JsonSerializer.Serialize(json, new WelcomeMessage(WireNames.Welcome, _context.SiloName, WireNames.ProtocolVersion, _context.GrainTypes), WireJsonContext.Default.WelcomeMessage);
        WriteFrameOrThrow();
        await _connection.Output.FlushAsync(timeout.Token).ConfigureAwait(false);
        _context.Log.ClientConnected(hello.ClientId, RemoteEndPoint);
        return true;
    }

    private async Task<HelloMessage?> ReadHelloAsync(CancellationToken cancellationToken)
    {
        var input = _connection.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = Framing.TryReadFrame(ref buffer, _context.MaxFrameSize, out var frame, out var declared);
            if (status == FrameStatus.Oversize)
            {
                input.AdvanceTo(buffer.Start);
                _context.Metrics.ConnectionRejected("oversize");
                _context.Log.OversizeFrame(RemoteEndPoint, declared, _context.MaxFrameSize);
                return null;
            }

            if (status == FrameStatus.Complete)
            {
                var hello = ParseHello(frame);
                input.AdvanceTo(buffer.Start);
                return hello;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    private static HelloMessage ParseHello(in ReadOnlySequence<byte> frame)
    {
        HelloMessage? hello;
        try
        {
            var reader = new Utf8JsonReader(frame);
            hello = JsonSerializer.Deserialize(ref reader, WireJsonContext.Default.HelloMessage);
        }
        catch (JsonException error)
        {
            throw new GatewayProtocolException($"the first frame is not a hello message ({error.Message})", error);
        }

        if (hello is not { Kind: WireNames.Hello } || string.IsNullOrEmpty(hello.ClientId))
        {
            throw new GatewayProtocolException($"the first frame must be {{kind:\"hello\", protocol, clientId}}, got kind '{hello?.Kind}'");
        }

        return hello;
    }

    private async Task RefuseAsync(string clientId, Type errorType, string message)
    {
        _context.Metrics.ConnectionRejected("handshake");
        _context.Log.HandshakeRejected(clientId, RemoteEndPoint, message);
        var json = _frames.Begin();
        JsonSerializer.Serialize(json, new HandshakeReply(WireNames.Error, _context.SiloName, WireNames.ProtocolVersion, null, errorType.FullName, message), WireJsonContext.Default.HandshakeReply);
        WriteFrameOrThrow();
        await _connection.Output.FlushAsync().ConfigureAwait(false);
    }

    private void WriteFrameOrThrow()
    {
        if (!_frames.TryCommit(_connection.Output, out var length))
        {
            throw new GatewayProtocolException($"a handshake reply of {length} bytes exceeds Runtime:Gateway:MaxFrameSize ({_context.MaxFrameSize})");
        }
    }
}
