using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Layout;
using ChatDb.Storage.Sessions;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Writes a new session's <c>session.json</c> (and so its directory) without any fsync, after the user grain made
/// the create durable in <c>users/{u}/sessions.jsonl</c>: <see cref="AtomicFile.WriteDeferredAsync"/> leaves the
/// file, the directory and its entry in the user directory to <see cref="DeferredDirectorySync"/>, which every durable
/// write below the directory waits for. Nothing is synced here: the user grain asks for it
/// (<see cref="MakeDurableAsync"/>) for a burst of creates together, and at its deactivation.
/// </summary>
public sealed class FlatfileJournaledSessionRecords : IJournaledSessionRecords
{
    private readonly FlatfileLayout _layout;
    private readonly AtomicFile _atomicFile;
    private readonly FlatfileWriteGate _gate;

    public FlatfileJournaledSessionRecords(FlatfileLayout layout, AtomicFile atomicFile, FlatfileWriteGate? writeGate = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(atomicFile);
        _layout = layout;
        _atomicFile = atomicFile;
        _gate = writeGate ?? new FlatfileWriteGate();
    }

    public Task WriteNewAsync(string userId, string sessionId, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var path = _layout.SessionMetadataFile(userId, sessionId);
        return _gate.RunAsync(() => _atomicFile.WriteDeferredAsync(path, record, cancellationToken), cancellationToken);
    }

    public Task MakeDurableAsync(string userId, string sessionId, CancellationToken cancellationToken = default) =>
        DeferredDirectorySync.EnsureDurableAsync(_atomicFile.FileSystem, _layout.SessionDirectory(userId, sessionId));

    public Task RestoreAsync(string userId, string sessionId, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var path = _layout.SessionMetadataFile(userId, sessionId);
        return _gate.RunAsync(() => _atomicFile.WriteAllBytesAsync(path, record, cancellationToken), cancellationToken);
    }
}
