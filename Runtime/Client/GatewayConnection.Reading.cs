using System.Buffers;
using System.Text.Json;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Client;

internal sealed partial class GatewayConnection
{
    private async Task ReadLoopAsync()
    {
        await Task.Yield();
        var input = _connection.Input;
        Exception? reason = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    while (true)
                    {
                        var status = Framing.TryReadFrame(ref buffer, _context.Options.MaxFrameSize, out var frame, out var declared);
                        if (status == FrameStatus.Oversize)
                        {
                            throw new InvalidDataException($"Gateway {EndPointName} announced a frame of {declared} bytes; the limit (Runtime:Client:MaxFrameSize) is {_context.Options.MaxFrameSize}.");
                        }

                        if (status == FrameStatus.Incomplete)
                        {
                            break;
                        }

                        HandleResponse(frame);
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is JsonException or InvalidDataException)
        {
            _context.Log.MalformedFrame(error, EndPointName);
            reason = error;
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            reason = error;
        }
        finally
        {
            Shutdown(reason ?? new IOException($"Gateway {EndPointName} closed the connection."), abort: reason is not null);
        }
    }

    /// <summary>Reads one result or error frame in a single pass and completes its caller.</summary>
    private void HandleResponse(in ReadOnlySequence<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException($"Gateway {EndPointName} sent a frame that is not a JSON object.");
        }

        var isError = false;
        var hasId = false;
        long id = 0;
        IPendingCall? pending = null;
        var valueRead = false;
        var deferredValue = default(Utf8JsonReader);
        var hasDeferredValue = false;
        string? errorType = null;
        string? message = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(WireNames.Kind.EncodedUtf8Bytes))
            {
                reader.Read();
                isError = reader.ValueTextEquals(WireNames.KindError.EncodedUtf8Bytes);
            }
            else if (reader.ValueTextEquals(WireNames.Id.EncodedUtf8Bytes))
            {
                reader.Read();
                id = reader.GetInt64();
                hasId = true;
                _pending.TryRemove(id, out pending);
            }
            else if (reader.ValueTextEquals(WireNames.Value.EncodedUtf8Bytes))
            {
                reader.Read();
                if (pending is not null && !isError)
                {
                    pending.CompleteFrom(ref reader, _context.SerializerOptions);
                    valueRead = true;
                }
                else
                {
                    deferredValue = reader;
                    hasDeferredValue = true;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals(WireNames.ErrorType.EncodedUtf8Bytes))
            {
                reader.Read();
                errorType = reader.GetString();
            }
            else if (reader.ValueTextEquals(WireNames.Message.EncodedUtf8Bytes))
            {
                reader.Read();
                message = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasId)
        {
            throw new InvalidDataException($"Gateway {EndPointName} sent a response without an id.");
        }

        if (pending is null)
        {
            _context.Log.LateResponse(id);
        }
        else if (isError)
        {
            pending.Fail(_context.Exceptions.Create(errorType, message));
        }
        else if (!valueRead)
        {
            if (hasDeferredValue)
            {
                pending.CompleteFrom(ref deferredValue, _context.SerializerOptions);
            }
            else
            {
                pending.Fail(new InvalidDataException($"Gateway {EndPointName} answered call {id} with neither a value nor an error."));
            }
        }
    }
}
