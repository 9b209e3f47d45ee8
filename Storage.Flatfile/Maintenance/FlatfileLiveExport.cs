using ChatDb.Storage.Export;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary><see cref="ILiveExport"/> of a flatfile data directory: <see cref="ExportEngine.ExportLiveAsync"/> behind the silo's write gate.</summary>
public sealed class FlatfileLiveExport(FlatfileDataDirectory directory, FlatfileWriteGate writeGate) : ILiveExport
{
    public async Task<long> ExportAsync(ExportScope scope, bool asJsonArray, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var engine = new ExportEngine(directory.Options, RecordSchema.Structural);
        if (!asJsonArray)
        {
            return (await engine.ExportLiveAsync(output, writeGate, scope, cancellationToken).ConfigureAwait(false)).Records;
        }

        var array = new JsonLinesArrayStream(output);
        var result = await engine.ExportLiveAsync(array, writeGate, scope, cancellationToken).ConfigureAwait(false);
        array.Finish();
        return result.Records;
    }
}
