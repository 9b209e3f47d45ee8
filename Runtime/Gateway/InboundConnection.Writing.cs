using System.Text.Json;
using ChatDb.Runtime.Networking;

namespace ChatDb.Runtime.Gateway;

internal sealed partial class InboundConnection
{
    /// <summary>Bytes buffered before the writer flushes mid-batch, so a flood of responses still streams out.</summary>
    private const int FlushThreshold = 256 * 1024;

    private async Task WriteLoopAsync()
    {
        var queue = _responses.Reader;
        var output = _connection.Output;
        try
        {
            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                while (queue.TryRead(out var response))
                {
                    WriteResponse(response);
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
            // The client is gone; the read loop notices too and ends the connection.
            _connection.Abort();
        }
    }

    private void WriteResponse(in OutboundResponse response)
    {
        var error = response.Error;
        if (error is null)
        {
            try
            {
                WriteResult(response);
                if (_frames.TryCommit(_connection.Output, out var length))
                {
                    return;
                }

                error = new InvalidOperationException(
                    $"The result of call {response.Id} ({response.Method?.MethodId}) is {length} bytes of JSON, more than Runtime:Gateway:MaxFrameSize ({_context.MaxFrameSize}).");
            }
            catch (Exception serializationError) when (serializationError is JsonException or NotSupportedException or InvalidOperationException)
            {
                error = new NotSupportedException(
                    $"The result of call {response.Id} ({response.Method?.MethodId}) could not be serialized: {serializationError.Message}", serializationError);
            }

            _context.Log.ResultNotSent(error.InnerException, response.Id, response.Method?.MethodId ?? "?");
        }

        WriteError(response.Id, error);
        if (!_frames.TryCommit(_connection.Output, out _))
        {
            // Only a huge exception message gets here; send its type alone rather than nothing.
            WriteError(response.Id, error.GetType().FullName ?? "System.Exception", "The error message exceeded the maximum frame size.");
            _frames.TryCommit(_connection.Output, out _);
        }
    }

    private void WriteResult(in OutboundResponse response)
    {
        var json = _frames.Begin();
        json.WriteStartObject();
        json.WriteString(WireNames.Kind, WireNames.KindResult);
        json.WriteNumber(WireNames.Id, response.Id);
        json.WritePropertyName(WireNames.Value);
        var resultType = response.Method?.ResultType;
        if (resultType is null || response.Value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(json, response.Value, resultType, _context.SerializerOptions);
        }

        json.WriteEndObject();
    }

    private void WriteError(long id, Exception error) => WriteError(id, error.GetType().FullName ?? error.GetType().Name, error.Message);

    private void WriteError(long id, string errorType, string message)
    {
        var json = _frames.Begin();
        json.WriteStartObject();
        json.WriteString(WireNames.Kind, WireNames.KindError);
        json.WriteNumber(WireNames.Id, id);
        json.WriteString(WireNames.ErrorType, errorType);
        json.WriteString(WireNames.Message, message);
        json.WriteEndObject();
    }
}
