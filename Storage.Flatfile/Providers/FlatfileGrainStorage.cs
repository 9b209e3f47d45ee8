using System.Text.Json;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Json;
using ChatDb.Storage.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Grain state as JSON documents of the documented layout (<see cref="FlatfileGrainPaths"/>), in the
/// on-disk conventions of <see cref="StorageJson.Documents"/>, replaced atomically by <see cref="AtomicFile"/>.
/// The ETag is derived from the stored bytes and the file's write time (<see cref="ContentEtag"/>); a write
/// or clear re-reads the file under a per-path lock and refuses with <see cref="InconsistentStateException"/>
/// when its ETag is not the one presented. A clear deletes the document: afterwards nothing is stored and
/// the ETag is null.
/// </summary>
public sealed class FlatfileGrainStorage : IGrainStorage
{
    private readonly FlatfileGrainPaths _paths;
    private readonly AtomicFile _atomicFile;
    private readonly ILogger _logger;
    private readonly PathLocks _locks = new();
    private readonly StampClock _clock;
    private readonly FlatfileWriteGate _gate;

    public FlatfileGrainStorage(
        string name,
        FlatfileGrainPaths paths,
        AtomicFile atomicFile,
        TimeProvider? timeProvider = null,
        ILogger<FlatfileGrainStorage>? logger = null,
        FlatfileWriteGate? writeGate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(atomicFile);
        Name = name;
        _paths = paths;
        _atomicFile = atomicFile;
        _clock = new StampClock(timeProvider ?? TimeProvider.System);
        _logger = logger ?? NullLogger<FlatfileGrainStorage>.Instance;
        _gate = writeGate ?? new FlatfileWriteGate();
    }

    /// <summary>The name this provider is registered under; the <c>provider</c> tag of its metrics.</summary>
    public string Name { get; }

    public override string ToString() => $"flatfile grain storage '{Name}'";

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var path = _paths.StateFile(grainId, stateName);
        StoredDocument? stored;
        using (await _locks.AcquireAsync(path).ConfigureAwait(false))
        {
            stored = await ReadIfExistsAsync(path).ConfigureAwait(false);
        }

        if (stored is null)
        {
            grainState.State = DefaultState.Create<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        else
        {
            grainState.State = Parse<T>(stored.Content, path, stateName, grainId);
            grainState.ETag = stored.Etag;
            grainState.RecordExists = true;
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _gate.RunAsync(() => WriteStateCoreAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        _gate.RunAsync(() => ClearStateCoreAsync(stateName, grainId, grainState));

    private async Task WriteStateCoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var path = _paths.StateFile(grainId, stateName);
        var content = JsonSerializer.SerializeToUtf8Bytes(grainState.State, StorageJson.Documents);
        string etag;
        await DeferredDirectorySync.EnsureDurableAsync(_atomicFile.FileSystem, path).ConfigureAwait(false);
        using (await _locks.AcquireAsync(path).ConfigureAwait(false))
        {
            var replaced = await EnsureEtagAsync("write", path, stateName, grainId, grainState.ETag).ConfigureAwait(false);
            var created = CreateParentsUnsynced(path);
            try
            {
                await _atomicFile.WriteAllBytesAsync(path, content).ConfigureAwait(false);
                DirectorySync.SyncCreated(_atomicFile.FileSystem, created);
            }
            catch (StorageError)
            {
                // A failed first write leaves no empty session directory behind (verify would report it).
                DirectorySync.TryRemoveEmpty(_atomicFile.FileSystem, created);
                throw;
            }
            etag = Stamp(path, content, replaced?.LastWriteUtc);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    private async Task ClearStateCoreAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var path = _paths.StateFile(grainId, stateName);
        await DeferredDirectorySync.EnsureDurableAsync(_atomicFile.FileSystem, path).ConfigureAwait(false);
        using (await _locks.AcquireAsync(path).ConfigureAwait(false))
        {
            var stored = await EnsureEtagAsync("clear", path, stateName, grainId, grainState.ETag).ConfigureAwait(false);
            if (stored is not null)
            {
                _atomicFile.Delete(path);
            }
        }

        grainState.State = DefaultState.Create<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Returns the stored document (null: none) when its ETag is <paramref name="presentedEtag"/>, else throws.</summary>
    private async Task<StoredDocument?> EnsureEtagAsync(string operation, string path, string stateName, GrainId grainId, string? presentedEtag)
    {
        var stored = await ReadIfExistsAsync(path).ConfigureAwait(false);
        var storedEtag = stored?.Etag;
        if (!string.Equals(storedEtag, presentedEtag, StringComparison.Ordinal))
        {
            FlatfileProviderLog.StateConflict(_logger, Name, operation, stateName, grainId, presentedEtag, storedEtag);
            throw new InconsistentStateException(
                $"State '{stateName}' of grain {grainId} in flatfile storage '{Name}' ('{path}'): {operation} presented ETag "
                + $"{presentedEtag ?? "(none)"} but the stored ETag is {storedEtag ?? "(none, no record)"}; the state changed since it was read "
                + "(ETags must match for a write or clear).",
                storedEtag,
                presentedEtag);
        }

        return stored;
    }

    /// <summary>
    /// Creates the missing directories above <paramref name="path"/> (a new session's directory) without
    /// syncing their parents yet, and returns them, outermost first. Syncing them after the document
    /// (<see cref="DirectorySync.SyncCreated"/>) keeps the same guarantee at acknowledgement (every new entry
    /// is fsynced before the write returns) while the file system can commit the new directory together with
    /// the document's own fsync instead of in a journal commit of its own.
    /// </summary>
    private IReadOnlyList<string> CreateParentsUnsynced(string path) =>
        _atomicFile.Durability == Durability.Fsync
            ? DirectorySync.CreateDirectoryDeferringSync(_atomicFile.FileSystem, Path.GetDirectoryName(path)!)
            : [];

    /// <summary>
    /// Gives the document just written a write time later than the one it replaced and returns its ETag.
    /// The time is read back, so on a file system with coarse timestamps the ETag still matches the disk.
    /// </summary>
    private string Stamp(string path, byte[] content, DateTime? replacedUtc)
    {
        try
        {
            _atomicFile.FileSystem.SetLastWriteTimeUtc(path, _clock.Next(replacedUtc));
            return ContentEtag.Of(content, _atomicFile.FileSystem.GetLastWriteTimeUtc(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"setting the write time of state document '{path}' failed: {e.Message}", e);
        }
    }

    // A state document is small (a session's session.json is a few hundred bytes) and read from the page cache:
    // reading it in the caller's turn costs less than the asynchronous read's hop to the thread pool and back,
    // which a cold activation would otherwise wait for.
    private Task<StoredDocument?> ReadIfExistsAsync(string path)
    {
        // Most grains have states that were never written (a new session has no context yet): a stat
        // answers that without the cost of a FileNotFoundException. A file deleted after it is still caught below.
        if (!_atomicFile.FileSystem.FileExists(path))
        {
            return Task.FromResult<StoredDocument?>(null);
        }

        try
        {
            var content = _atomicFile.FileSystem.ReadAllBytes(path);
            return Task.FromResult<StoredDocument?>(new StoredDocument(content, _atomicFile.FileSystem.GetLastWriteTimeUtc(path)));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<StoredDocument?>(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromException<StoredDocument?>(new StorageError($"reading state document '{path}' failed: {e.Message}", e));
        }
    }

    private static T Parse<T>(byte[] content, string path, string stateName, GrainId grainId)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(content, StorageJson.Documents)!;
        }
        catch (JsonException e)
        {
            throw new IntegrityError(
                $"State '{stateName}' of grain {grainId}: document '{path}' is not a valid {typeof(T).Name}: "
                + $"line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0} of the line, JSON path '{e.Path ?? "$"}': {e.Message}",
                e);
        }
    }

    /// <summary>A state document as read: its bytes and its write time, which together give its ETag.</summary>
    private sealed record StoredDocument(byte[] Content, DateTime LastWriteUtc)
    {
        public string Etag { get; } = ContentEtag.Of(Content, LastWriteUtc);
    }
}
