using ChatDb.Storage.Export;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Providers;

namespace ChatDb.Storage.Flatfile.Maintenance;

/// <summary>Export of one user, session or panel from a running silo (<c>GET /users/{userId}/export</c>).</summary>
public sealed partial class ExportEngine
{
    /// <summary>
    /// Writes the export of <paramref name="scope"/> as of one point in time into <paramref name="output"/>, in the
    /// format <c>chatdb import</c> reads. As for a live backup, writes through <paramref name="writeGate"/> pause only
    /// while the data directory is hard-linked into a snapshot (<see cref="LiveSnapshot"/>); the records then stream
    /// from the snapshot while writes go on. <paramref name="output"/> is written synchronously, one log line or one
    /// file chunk at a time. A scope with no directory is a <see cref="NotFoundError"/>, raised before any byte is written.
    /// </summary>
    public async Task<ExportResult> ExportLiveAsync(Stream output, FlatfileWriteGate writeGate, ExportScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(writeGate);
        ArgumentNullException.ThrowIfNull(scope);
        var layout = new FlatfileLayout(_options);
        var directory = scope.PanelId is { } panelId ? layout.PanelDirectory(panelId)
            : scope.SessionId is { } sessionId ? layout.SessionDirectory(scope.UserId!, sessionId)
            : layout.UserDirectory(scope.UserId!);
        var relative = Path.GetRelativePath(layout.BaseDirectory, directory);
        LiveSnapshot snapshot;
        using (await writeGate.PauseAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!Directory.Exists(directory))
            {
                throw new NotFoundError($"{scope} has no data in this silo's data directory (nothing to export).");
            }

            snapshot = LiveSnapshot.Take(layout.BaseDirectory, new AtomicFile(_options));
        }

        using (snapshot)
        {
            var root = Path.Join(snapshot.Directory, relative) + Path.DirectorySeparatorChar;
            var engine = new ExportEngine(OptionsCopy.WithBase(_options, snapshot.Directory), _schema, _progress);
            return engine.Export(
                output,
                item => item.Path.StartsWith(root, StringComparison.Ordinal),
                (path, stream) => snapshot.LengthOf(Path.GetRelativePath(snapshot.Directory, path).Replace('\\', '/'), stream),
                cancellationToken);
        }
    }
}
