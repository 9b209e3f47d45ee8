using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace ChatDb.Silo.Api.Errors;

/// <summary>
/// A connection middleware (on every Kestrel endpoint, <see cref="ChatDbApiServiceCollectionExtensions.AddChatDbApi"/>)
/// that passes what the server sends through a pipe of its own, so the server's own rejections can be given the API's
/// error body (<see cref="ServerRejectionBodies"/>). Everything else goes out unchanged, flush for flush, with the
/// pipe's back-pressure. It sees plain HTTP/1.1 only: on a TLS endpoint it runs outside the encryption and changes nothing.
/// </summary>
internal sealed class ServerRejectionMiddleware(ConnectionDelegate next, ServerRejectionBodies bodies)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var transport = connection.Transport;
        var outgoing = new Pipe(new PipeOptions(useSynchronizationContext: false));
        connection.Transport = new Transport(transport.Input, outgoing.Writer);
        var pump = PumpAsync(outgoing.Reader, transport.Output, bodies);
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            await outgoing.Writer.CompleteAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            connection.Transport = transport;
        }
    }

    private static async Task PumpAsync(PipeReader reader, PipeWriter output, ServerRejectionBodies bodies)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    if (bodies.Rewrite(buffer) is { } rewritten)
                    {
                        await output.WriteAsync(rewritten).ConfigureAwait(false);
                    }
                    else
                    {
                        foreach (var segment in buffer)
                        {
                            output.Write(segment.Span);
                        }
                    }

                    var flushed = await output.FlushAsync().ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        return;
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is IOException or ConnectionResetException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away; there is nobody left to send to.
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private sealed class Transport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
