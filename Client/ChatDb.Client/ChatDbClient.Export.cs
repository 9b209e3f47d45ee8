using System.IO.Pipelines;
using ChatDb.Grains;
using ChatDb.Storage;

namespace ChatDb.Client;

public sealed partial class ChatDbClient
{
    // === Export ===

    public Task<Stream> ExportUserAsync(string userId, string? sessionId = null, string format = "jsonl", CancellationToken cancellationToken = default) =>
        ExportAsync(userId, sessionId, null, format, cancellationToken);

    public Task<Stream> ExportPanelAsync(string panelId, string format = "jsonl", CancellationToken cancellationToken = default) =>
        ExportAsync(null, null, panelId, format, cancellationToken);

    /// <summary>
    /// Reads the export grain's chunks into a pipe whose reading end is the returned stream. The first chunk is awaited
    /// here, so an entity without data fails this call (as the REST route's status does) rather than the first read.
    /// </summary>
    private async Task<Stream> ExportAsync(string? userId, string? sessionId, string? panelId, string format, CancellationToken cancellationToken)
    {
        var asJsonArray = format switch
        {
            "jsonl" => false,
            "json" => true,
            _ => throw new ValidationError($"export format is '{format}'; use jsonl or json."),
        };
        var chunks = _client.GetGrain<IExportGrain>(IExportGrain.NewKey()).ExportAsync(userId, sessionId, panelId, asJsonArray)
            .GetAsyncEnumerator(cancellationToken);
        bool any;
        try
        {
            any = await chunks.MoveNextAsync().ConfigureAwait(false);
        }
        catch
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var pipe = new Pipe();
        _ = PumpAsync(chunks, any, pipe.Writer);
        return pipe.Reader.AsStream();
    }

    private static async Task PumpAsync(IAsyncEnumerator<byte[]> chunks, bool any, PipeWriter writer)
    {
        await using (chunks.ConfigureAwait(false))
        {
            try
            {
                for (var more = any; more; more = await chunks.MoveNextAsync().ConfigureAwait(false))
                {
                    var flushed = await writer.WriteAsync(chunks.Current).ConfigureAwait(false);
                    if (flushed.IsCompleted)
                    {
                        // The reader disposed the stream before the end: stop reading the grain.
                        break;
                    }
                }

                await writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // The reader sees the failure on its next read.
                await writer.CompleteAsync(e).ConfigureAwait(false);
            }
        }
    }
}
