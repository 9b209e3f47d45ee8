using ChatDb.Storage.Flatfile.Logs;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Logs;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Rewriting a log for erasure (<see cref="LogRewrite"/>), inside the write gate so a live backup never sees
/// it half done: the log is opened once (which inflates an archive and cuts a torn tail into <c>.corrupt</c>,
/// so both are in their final place before the scrub), closed, rewritten by rename, and opened again by the
/// next use, which rebuilds its offset index.
/// </summary>
public sealed partial class FlatfileGrainLogStorage : IGrainLogRewriter
{
    /// <summary>Test hook: called after each step of a rewrite; an exception thrown by it acts as a crash there.</summary>
    internal Action<LogRewriteStep>? AfterRewriteStep { get; set; }

    public Task RewriteAsync<T>(
        string logName, GrainId grainId, IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logName);
        ArgumentNullException.ThrowIfNull(replacements);
        ArgumentNullException.ThrowIfNull(erase);
        return _gate.RunAsync(() => RewriteCoreAsync(logName, grainId, replacements, erase, cancellationToken), cancellationToken);
    }

    private async Task RewriteCoreAsync<T>(
        string logName, GrainId grainId, IReadOnlyDictionary<long, T> replacements, IReadOnlyCollection<string> erase, CancellationToken cancellationToken)
    {
        var records = replacements.ToDictionary(r => r.Key, r => LogEntryJson.Serialize(r.Value));
        long count;
        string path;
        using (var lease = await _logs.AcquireAsync(grainId, logName, _resolvePath, create: false, cancellationToken).ConfigureAwait(false))
        {
            if (lease is null)
            {
                throw new NotFoundError($"Log '{logName}' of grain {grainId} in {this} does not exist; there is nothing to rewrite.");
            }

            count = lease.Log.Count;

            // The open logs know the log by the path it was opened under: close exactly that one.
            path = lease.Entry.Path;
        }

        await _logs.CloseAsync(path).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        LogRewrite.Rewrite(
            path,
            count,
            records,
            erase,
            _atomicFile.NewTempPath(path),
            _atomicFile.NewTempPath,
            _atomicFile.FileSystem,
            _atomicFile.Durability == Durability.Fsync,
            AfterRewriteStep);
    }
}
