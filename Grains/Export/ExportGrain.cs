using System.Buffers;
using System.IO.Pipelines;
using ChatDb.Storage;
using ChatDb.Storage.Export;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Keys;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Placement;

namespace ChatDb.Grains.Export;

/// <summary>
/// Streams a live export (<see cref="ILiveExport"/>, registered by the storage) to a cluster client in chunks. One
/// activation per export (the caller picks a fresh key, <see cref="IExportGrain.NewKey"/>), placed on the silo the call
/// enters (every silo of one data directory sees the same files): an enumeration's later calls must reach the activation
/// that holds it, which a stateless worker, free to start a second activation while the first is busy, does not promise.
/// </summary>
[GrainType(ChatGrainTypes.Export)]
[PreferLocalPlacement]
public sealed class ExportGrain(IServiceProvider services, EntityIdFormat ids) : Grain, IExportGrain
{
    /// <summary>The largest chunk sent in one item: big enough to keep per-item overhead small, small enough to stream.</summary>
    public const int ChunkBytes = 64 * 1024;

    public async IAsyncEnumerable<byte[]> ExportAsync(string? userId, string? sessionId, string? panelId, bool asJsonArray)
    {
        var scope = Scope(userId, sessionId, panelId);
        var export = services.GetService<ILiveExport>()
            ?? throw new NotFoundError($"this silo does not store its data with the flatfile provider, so it cannot export {scope}.");

        // The export writes synchronously into the pipe on the thread pool; this turn hands the bytes on as they come.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 * ChunkBytes, resumeWriterThreshold: 2 * ChunkBytes));
        var producer = Task.Run(() => ProduceAsync(export, scope, asJsonArray, pipe.Writer));

        // A failure reaches the reader through the pipe; a reader that stops early makes the export fail on its next write.
        _ = producer.ContinueWith(static task => task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (true)
            {
                var read = await pipe.Reader.ReadAsync();
                foreach (var chunk in Chunks(read.Buffer))
                {
                    yield return chunk;
                }

                pipe.Reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        finally
        {
            await pipe.Reader.CompleteAsync();

            // The export's key is never used again.
            DeactivateOnIdle();
        }

        await producer;
    }

    private ExportScope Scope(string? userId, string? sessionId, string? panelId)
    {
        if (panelId is not null)
        {
            return userId is null && sessionId is null
                ? ExportScope.Panel(ids.Validate(GeneratedIdKind.Panel, panelId))
                : throw new ValidationError("an export is of a user (with an optional session of theirs) or of a panel, not both (rule: one-export-scope).");
        }

        var user = EntityIdValidator.Validate(userId, "user id");
        return sessionId is null ? ExportScope.User(user) : ExportScope.Session(user, ids.Validate(GeneratedIdKind.Session, sessionId));
    }

    private static async Task ProduceAsync(ILiveExport export, ExportScope scope, bool asJsonArray, PipeWriter writer)
    {
        try
        {
            await export.ExportAsync(scope, asJsonArray, writer.AsStream(leaveOpen: true));
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e);
            throw;
        }
    }

    private static IEnumerable<byte[]> Chunks(ReadOnlySequence<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var size = (int)Math.Min(buffer.Length, ChunkBytes);
            yield return buffer.Slice(0, size).ToArray();
            buffer = buffer.Slice(size);
        }
    }
}
