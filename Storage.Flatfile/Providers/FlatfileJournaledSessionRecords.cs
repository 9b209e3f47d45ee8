using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Writes a new session's <c>session.json</c> (and so its directory) without any fsync, after the user grain made
/// the create durable in <c>users/{u}/sessions.jsonl</c>: <see cref="AtomicFile.WriteDeferredAsync"/> leaves the
/// file, the directory and its entry in the user directory to <see cref="DeferredDirectorySync"/>, which every durable
/// write below the directory waits for, and which starts at once in the background (unless
/// <c>syncInBackground</c> is false: the power-loss tests want one deterministic order of operations).
/// </summary>
public sealed class FlatfileJournaledSessionRecords : IJournaledSessionRecords
{
    private readonly FlatfileLayout _layout;
    private readonly AtomicFile _atomicFile;
    private readonly FlatfileWriteGate _gate;
    private readonly bool _syncInBackground;

    public FlatfileJournaledSessionRecords(FlatfileLayout layout, AtomicFile atomicFile, FlatfileWriteGate? writeGate = null, bool syncInBackground = true)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        _layout = layout;
        _atomicFile = atomicFile;
        _gate = writeGate ?? new FlatfileWriteGate();
        _syncInBackground = syncInBackground;
    }

    public Task WriteNewAsync(string userId, string sessionId, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var path = _layout.SessionMetadataFile(userId, sessionId);
        return _gate.RunAsync(async () =>
        {
            await _atomicFile.WriteDeferredAsync(path, record, cancellationToken).ConfigureAwait(false);
            if (_syncInBackground)
            {
                DeferredDirectorySync.StartInBackground(_atomicFile.FileSystem, Path.GetDirectoryName(path)!);
            }
        }, cancellationToken);
    }

    public Task MakeDurableAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        DeferredDirectorySync.EnsureDurableAsync(_atomicFile.FileSystem, _layout.SessionDirectory(userId, sessionId));

    public Task RestoreAsync(string userId, string sessionId, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var path = _layout.SessionMetadataFile(userId, sessionId);
        return _gate.RunAsync(() => _atomicFile.WriteAllBytesAsync(path, record, cancellationToken), cancellationToken);
    }
}
