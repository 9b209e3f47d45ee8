using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Flatfile.Maintenance;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Compresses a session's <c>messages.jsonl</c> in a running silo (<see cref="ArchivedSessions"/> format).
/// The log is closed in <see cref="FlatfileOpenLogs"/> first, and the next use inflates it again. Runs
/// through the write gate, so a live backup never sees it half done.
/// </summary>
public sealed class FlatfileSessionArchive : ISessionArchive
{
    private readonly FlatfileLayout _layout;
    private readonly FlatfileOpenLogs _logs;
    private readonly AtomicFile _files;
    private readonly FlatfileWriteGate _gate;

    public FlatfileSessionArchive(FlatfileLayout layout, FlatfileOpenLogs logs, AtomicFile files, FlatfileWriteGate? writeGate = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(files);
        _layout = layout;
        _logs = logs;
        _files = files;
        _gate = writeGate ?? new FlatfileWriteGate();
    }

    public Task<(long Plain, long Compressed)> ArchiveMessagesAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        // The same path the log provider maps the session's "messages" log to, so the open log is the one closed.
        var path = _layout.SessionMessagesFile(userId, sessionId);
        return _gate.RunAsync(async () =>
        {
            await _logs.CloseAsync(path).ConfigureAwait(false);
            return await ArchivedSessions.ArchiveAsync(path, _files, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
