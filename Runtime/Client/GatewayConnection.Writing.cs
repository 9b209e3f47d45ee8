using System.Text.Json;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Client;

internal sealed partial class GatewayConnection
{
    /// <summary>Bytes buffered before the writer flushes mid-batch.</summary>
    private const int FlushThreshold = 256 * 1024;

    private async Task WriteLoopAsync()
    {
        await Task.Yield();
        var queue = _outbound.Reader;
        var output = _connection.Output;
        Exception? reason = null;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (queue.TryRead(out var call))
                {
                    WriteCall(call);
                    if (output.UnflushedBytes > FlushThreshold)
                    {
                        await output.FlushAsync().ConfigureAwait(false);
                    }
                }

                var flushed = await output.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            reason = error;
        }
        finally
        {
            if (reason is not null)
            {
                Shutdown(reason, abort: true);
            }
        }
    }

    /// <summary>Writes one call frame; a call whose arguments cannot be sent fails alone.</summary>
    private void WriteCall(in OutboundCall call)
    {
        var method = call.Request.GetMethod();
        Exception? error;
        try
        {
            var json = _frames.Begin();
            json.WriteStartObject();
            json.WriteString(WireNames.Kind, WireNames.KindCall);
            json.WriteNumber(WireNames.Id, call.Pending.Id);
            json.WriteStartObject(WireNames.Target);
            json.WriteString(WireNames.Type, call.Target.Type.Value);
            json.WriteString(WireNames.Key, call.Target.Key);
            json.WriteEndObject();
            json.WriteString(WireNames.MethodId, method.MethodId);
            if (call.CallChainId != Guid.Empty)
            {
                json.WriteString(WireNames.CallChainId, call.CallChainId);
            }

            json.WriteNumber(WireNames.TimeoutMs, call.TimeoutMs);
            json.WritePropertyName(WireNames.Args);
            JsonSerializer.Serialize(json, call.Request, call.Request.GetType(), _context.SerializerOptions);
            json.WriteEndObject();
            if (_frames.TryCommit(_connection.Output, out var length))
            {
                return;
            }

            error = new ArgumentException(
                $"The arguments of {method.MethodId} for grain {call.Target} are {length} bytes of JSON, more than Runtime:Client:MaxFrameSize ({_context.Options.MaxFrameSize}).");
        }
        catch (Exception serializationError) when (serializationError is JsonException or NotSupportedException or InvalidOperationException)
        {
            error = new ArgumentException($"The arguments of {method.MethodId} for grain {call.Target} could not be serialized: {serializationError.Message}", serializationError);
        }

        if (ForgetCall(call.Pending.Id))
        {
            call.Pending.Fail(error);
        }
    }
}
