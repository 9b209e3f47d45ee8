using ChatDb.Runtime;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Flatfile.Options;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Compresses a grain's message log in a running silo (<see cref="ArchivedSessions"/> format). The caller
/// must be the log's single writer, inside its own turn (the session grain), so no append races the
/// compression; the log is closed in <see cref="FlatfileOpenLogs"/> first, and the next use inflates it again.
/// </summary>
public sealed class FlatfileLogArchive
{
    private readonly FlatfileGrainPaths _paths;
    private readonly FlatfileOpenLogs _logs;
    private readonly AtomicFile _files;
    private readonly FlatfileWriteGate _gate;

    public FlatfileLogArchive(FlatfileGrainPaths paths, FlatfileOpenLogs logs, FlatfileStorageOptions options, FlatfileWriteGate? writeGate = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(options);
        _paths = paths;
        _logs = logs;
        _files = new AtomicFile(options);
        _gate = writeGate ?? new FlatfileWriteGate();
    }

    /// <summary>Archives the log <paramref name="logName"/> of <paramref name="grainId"/>.</summary>
    /// <returns>Bytes of the plain log and of the archive; (0, 0) when there was no plain log (none, or already archived).</returns>
    public Task<(long Plain, long Compressed)> ArchiveAsync(GrainId grainId, string logName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        var path = _paths.LogFile(grainId, logName);
        return _gate.RunAsync(async () =>
        {
            await _logs.CloseAsync(path).ConfigureAwait(false);
            return await ArchivedSessions.ArchiveAsync(path, _files, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>True when the log exists only compressed.</summary>
    public bool IsArchived(GrainId grainId, string logName) => ArchivedSessions.IsArchived(_paths.LogFile(grainId, logName));
}
