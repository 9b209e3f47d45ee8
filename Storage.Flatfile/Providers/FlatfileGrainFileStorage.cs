using ChatDb.Storage.Files;
using ChatDb.Storage.Flatfile.Documents;
using ChatDb.Storage.Flatfile.Options;
using ChatDb.Storage.Ids;
using ChatDb.Storage.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;

namespace ChatDb.Storage.Flatfile.Providers;

/// <summary>
/// Grain-owned files (documents, context snapshots, insights, persona versions) in the directories of the
/// documented layout (<see cref="FlatfileGrainPaths.Files"/>), each written atomically by <see cref="AtomicFile"/>.
/// File names are validated by the collection's rule. <see cref="DeleteAllAsync"/> removes the grain's
/// whole footprint (a user's or session's directory, a panel's directory, a persona's files), closing
/// its open logs first.
/// </summary>
public sealed class FlatfileGrainFileStorage : IGrainFileStorage
{
    private readonly FlatfileGrainPaths _paths;
    private readonly AtomicFile _atomicFile;
    private readonly FlatfileOpenLogs _logs;
    private readonly long _maxFileSize;
    private readonly ILogger _logger;
    private readonly FlatfileWriteGate _gate;

    public FlatfileGrainFileStorage(
        string name,
        FlatfileGrainPaths paths,
        AtomicFile atomicFile,
        FlatfileOpenLogs logs,
        FlatfileStorageOptions options,
        ILogger<FlatfileGrainFileStorage>? logger = null,
        FlatfileWriteGate? writeGate = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(atomicFile);
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _paths = paths;
        _atomicFile = atomicFile;
        _logs = logs;
        _maxFileSize = options.ChatLimits.MaxDocumentSizeBytes;
        _logger = logger ?? NullLogger<FlatfileGrainFileStorage>.Instance;
        _gate = writeGate ?? new FlatfileWriteGate();
    }

    /// <summary>The name this provider is registered under.</summary>
    public string Name { get; }

    public override string ToString() => $"flatfile file storage '{Name}'";

    public Task WriteAsync(GrainId grainId, string collection, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(async () =>
        {
            var files = Writable(grainId, collection);
            var path = files.PathOf(name);
            StorageLimits.EnsureWithin(nameof(ChatLimitsOptions.MaxDocumentSizeBytes), _maxFileSize, content.Length,
                $"file {IdText.Escape(name)} in collection '{collection}' of grain {grainId}");
            await DeferredDirectorySync.EnsureDurableAsync(_atomicFile.FileSystem, path).ConfigureAwait(false);
            await _atomicFile.WriteAllBytesAsync(path, content, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public async Task<byte[]?> ReadAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default)
    {
        var path = _paths.Files(grainId, collection).PathOf(name);
        try
        {
            return await _atomicFile.FileSystem.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StorageError($"reading file '{path}' of grain {grainId} failed: {e.Message}", e);
        }
    }

    public Task<IReadOnlyList<GrainFileInfo>> ListAsync(GrainId grainId, string collection, CancellationToken cancellationToken = default)
    {
        var files = _paths.Files(grainId, collection);
        var directory = new DirectoryInfo(files.Directory);
        if (!directory.Exists)
        {
            return Task.FromResult<IReadOnlyList<GrainFileInfo>>([]);
        }

        IReadOnlyList<GrainFileInfo> listed = directory.EnumerateFiles()
            .Where(file => file.LinkTarget is null && !_atomicFile.IsTempFile(file.Name) && files.Contains(file.Name))
            .Select(file => new GrainFileInfo(file.Name, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(listed);
    }

    public Task<bool> DeleteAsync(GrainId grainId, string collection, string name, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Writable(grainId, collection).PathOf(name);
            return Task.FromResult(_atomicFile.Delete(path));
        }, cancellationToken);

    public Task<long> DeleteAllAsync(GrainId grainId, CancellationToken cancellationToken = default) =>
        _gate.RunAsync(async () =>
        {
            var footprint = _paths.Footprint(grainId);
            long removed = 0;
            foreach (var directory in footprint.Directories)
            {
                // An open log would keep appending to a file that no longer has a name.
                await _logs.CloseUnderAsync(directory).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                removed += GrainDirectory.Delete(_atomicFile.FileSystem, directory, _atomicFile.Durability == Durability.Fsync);
                DeferredDirectorySync.Forget(directory);
            }

            foreach (var file in footprint.Files)
            {
                if (_atomicFile.Delete(file))
                {
                    removed++;
                }
            }

            FlatfileProviderLog.GrainDeleted(_logger, Name, grainId, removed);
            return removed;
        }, cancellationToken);

    private GrainFileCollection Writable(GrainId grainId, string collection)
    {
        var files = _paths.Files(grainId, collection);
        if (files.IsReadOnly)
        {
            throw new ValidationError(
                $"grain {IdText.Escape(grainId.ToString())}, files collection '{collection}' is read-only: it shows files other grains own (write them through those grains).");
        }

        return files;
    }
}
